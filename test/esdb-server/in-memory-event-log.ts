import { randomUUID } from 'node:crypto';

/**
 * TEST DOUBLE ONLY. The storage of the fake EventStoreDB server used by tests: streams and the
 * $all log in memory, with EventStoreDB's append rules (expected revision, idempotency by event
 * ID, maximum append size). It survives a server stop/restart, like a real node's disk.
 */

export type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  streamName: string;
  revision: bigint;
  /** Commit == prepare == own log position, as for every gRPC (implicit-transaction) write. */
  position: bigint;
  /** .NET ticks since the Unix epoch, as EventStoreDB sends in `created`. */
  created: bigint;
}

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint; position: bigint }
  | { kind: 'wrong_expected_version'; current: bigint | undefined }
  | { kind: 'too_large'; maxAppendSize: number };

export class InvalidPositionError extends Error {}

export const MAX_APPEND_SIZE = 1024 * 1024;
/** Log records carry a header; positions are byte offsets, so they are sparse like real ones. */
const RECORD_OVERHEAD = 120n;

export class InMemoryEventLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<() => void>();
  private readonly positions = new Set<bigint>();
  private nextPosition = 0n;

  constructor() {
    // A fresh EventStoreDB node already has system events in $all before any user event.
    this.appendSystemEvent('$settings', '$settings');
    this.appendSystemEvent('$users', '$User');
  }

  /** Writes an EventStoreDB-internal event, which adapters must never surface. */
  appendSystemEvent(stream: string, type: string): StoredEvent {
    const outcome = this.append(stream, [json(type, {})], { kind: 'any' });
    if (outcome.kind !== 'success') throw new Error('system append failed');
    return this.all[this.all.length - 1];
  }

  append(streamName: string, proposed: readonly ProposedEvent[], expected: Expected): AppendOutcome {
    const size = proposed.reduce(
      (sum, e) => sum + e.data.length + e.customMetadata.length + e.type.length,
      0,
    );
    if (size > MAX_APPEND_SIZE) return { kind: 'too_large', maxAppendSize: MAX_APPEND_SIZE };
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);

    const replay = this.idempotentReplay(stream, proposed, expected);
    if (replay === 'conflict') return { kind: 'wrong_expected_version', current };
    if (replay) return replay;

    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!ok) return { kind: 'wrong_expected_version', current };
    if (proposed.length === 0)
      return { kind: 'success', currentRevision: current ?? -1n, position: this.lastPosition() };

    const created = BigInt(Date.now()) * 10_000n;
    for (const event of proposed) {
      const stored: StoredEvent = {
        ...event,
        id: event.id.toLowerCase(),
        streamName,
        revision: BigInt(stream.length),
        position: this.nextPosition,
        created,
      };
      this.positions.add(stored.position);
      this.nextPosition = this.postPosition(stored);
      stream.push(stored);
      this.all.push(stored);
    }
    this.streams.set(streamName, stream);
    for (const listener of this.listeners) listener();
    const last = stream[stream.length - 1];
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  /**
   * EventStoreDB's idempotency: the same event IDs already at the place the append targets are
   * acknowledged again without writing. With an exact expected revision that place is right
   * after it; with any/stream_exists it is wherever the first ID is found.
   */
  private idempotentReplay(
    stream: StoredEvent[],
    proposed: readonly ProposedEvent[],
    expected: Expected,
  ): AppendOutcome | 'conflict' | undefined {
    if (proposed.length === 0) return undefined;
    const firstId = proposed[0].id.toLowerCase();
    let start: number;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      start = expected.kind === 'revision' ? Number(expected.revision) + 1 : 0;
      if (stream[start]?.id !== firstId) return undefined;
    } else {
      start = stream.findIndex((e) => e.id === firstId);
      if (start < 0) return undefined;
    }
    const matched = proposed.every((e, i) => stream[start + i]?.id === e.id.toLowerCase());
    if (!matched) return 'conflict';
    const last = stream[start + proposed.length - 1];
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  readStream(streamName: string): StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  lastPosition(): bigint {
    return this.all.length === 0 ? 0n : this.all[this.all.length - 1].position;
  }

  /**
   * Index of the first event after a $all position { commit, prepare } (or at it, when
   * inclusive). An event's own position is { commit: p, prepare: p }; a checkpoint's is
   * { commit: next record's start, prepare: 0 }, which sorts just before the event there.
   */
  indexAfter(commit: bigint, prepare: bigint, inclusive = false): number {
    this.assertValid(commit, prepare);
    const after = (p: bigint) => p > commit || (p === commit && (inclusive ? p >= prepare : p > prepare));
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (after(this.all[mid].position)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Where the record after `event` starts: checkpoints point there, as EventStoreDB's do. */
  postPosition(event: StoredEvent): bigint {
    return event.position + RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length);
  }

  /** EventStoreDB refuses positions that are not record boundaries; so does the double. */
  private assertValid(commit: bigint, prepare: bigint): void {
    const boundary = commit === 0n || commit === this.nextPosition || this.positions.has(commit);
    if (!boundary || (prepare !== commit && prepare !== 0n)) {
      throw new InvalidPositionError(`invalid $all position ${commit}/${prepare}`);
    }
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function json(type: string, value: unknown): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(value)),
    customMetadata: new Uint8Array(),
  };
}
