import { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { MAX_APPEND_BYTES } from './esdb-append-parts';
import { GateItem } from './esdb-change-gate';
import { appendSize, toEventUuid } from './esdb-event-mapping';

/**
 * Stamped on each stored piece of one logical event too large for one append: piece `index`
 * (from 1) of `count`, of the event whose id (as stored, a UUID) is `of`.
 */
export interface PieceStamp {
  index: number;
  count: number;
  of: string;
}

/** A stored piece: the event's type and metadata, a slice of its UTF-8 JSON as binary data. */
type PieceMetadata = EventMetadata & { piece?: PieceStamp };

/** Room kept in each piece's append for its metadata, type and framing. */
const PIECE_OVERHEAD = 8 * 1024;

export function pieceOf(event: RecordedEvent | NewEvent): PieceStamp | undefined {
  return (event.metadata as PieceMetadata | undefined)?.piece;
}

/**
 * The store-level form of a change: events over the append limit (EventStoreDB's MaxAppendSize,
 * see esdb-append-parts.ts) become consecutive binary pieces of their JSON, each small enough
 * for an append of its own. The cut depends only on the event, so a retry re-sends the same
 * pieces with the same IDs (idempotent at the server). Everything else is passed as is.
 */
export function cutIntoPieces(events: readonly NewEvent[], maxBytes = MAX_APPEND_BYTES): NewEvent[] {
  const out: NewEvent[] = [];
  for (const event of events) {
    // Binary data is only ever a piece made here (under the limit by construction), never the port's.
    if (event.data instanceof Uint8Array) {
      out.push(event);
      continue;
    }
    // One serialisation measures the event and, when it is too large, is what gets cut.
    const text = JSON.stringify(event.data ?? null);
    const metadataBytes = Buffer.byteLength(JSON.stringify(event.metadata));
    if (appendSize(event.type, Buffer.byteLength(text), metadataBytes) <= maxBytes) {
      out.push(event);
      continue;
    }
    const json = Buffer.from(text, 'utf8');
    const room = maxBytes - metadataBytes - PIECE_OVERHEAD;
    if (room < 1024) throw new RangeError(`event ${event.id} (${event.type}): its metadata leaves no room`);
    const count = Math.ceil(json.length / room);
    const of = toEventUuid(event.id);
    for (let i = 0; i < count; i++) {
      out.push({
        id: toEventUuid(`${of}/piece/${i + 1}`),
        type: event.type,
        data: json.subarray(i * room, (i + 1) * room),
        metadata: { ...event.metadata, piece: { index: i + 1, count, of } } as PieceMetadata,
      });
    }
  }
  return out;
}

/** The logical event from all its pieces (in order): its id, its data; revision and position of the last. */
export function joinPieces(pieces: readonly RecordedEvent[]): RecordedEvent {
  const last = pieces[pieces.length - 1];
  const { piece, ...metadata } = last.metadata as PieceMetadata;
  const bytes = Buffer.concat(pieces.map((p) => p.data as Uint8Array));
  return {
    ...last,
    id: piece!.of,
    data: JSON.parse(bytes.toString('utf8')) as unknown,
    metadata,
  };
}

/** Reads a stream as stored (pieces included): `count` events from `fromRevision`. */
export type ReadRaw = (stream: string, fromRevision: bigint, count: number) => Promise<RecordedEvent[]>;

/**
 * Turns pieces back into their logical event, read forwards (from $all, a subscription or a
 * stream). A logical event is where its last piece is (revision and position), so everything
 * else passes straight through, in order. A reader that starts after an event's first pieces
 * (its start position lies between them) fetches those from the stream: every reader sees each
 * event whose last piece lies after its start, whole. Pieces come whole per change, the
 * ChangeGate in front of this having dropped any change a dead writer left unfinished.
 */
export class PieceJoiner {
  private readonly open = new Map<string, RecordedEvent[]>();

  constructor(private readonly readRaw: ReadRaw) {}

  /** Some event's pieces are still awaited. */
  get pending(): boolean {
    return this.open.size > 0;
  }

  push(item: GateItem): Promise<GateItem[]> {
    return this.pushAll([item]);
  }

  /** Feeds items in order; only a start between pieces costs a read (no await otherwise). */
  async pushAll(items: readonly GateItem[]): Promise<GateItem[]> {
    const out: GateItem[] = [];
    for (const item of items) {
      const piece = item.kind === 'event' ? pieceOf(item.event) : undefined;
      if (!piece || item.kind !== 'event') {
        out.push(item);
        continue;
      }
      const event = item.event;
      let run = this.open.get(piece.of);
      if (!run) {
        run = piece.index > 1 ? await this.earlierPieces(event, piece) : [];
        if (run.length !== piece.index - 1) {
          // Not the pieces of one event (cannot happen behind the gate): it never becomes visible.
          out.push({ kind: 'checkpoint', position: event.position });
          continue;
        }
      }
      run.push(event);
      if (piece.index < piece.count) {
        this.open.set(piece.of, run);
        continue;
      }
      this.open.delete(piece.of);
      out.push({ kind: 'event', event: joinPieces(run) });
    }
    return out;
  }

  private async earlierPieces(event: RecordedEvent, piece: PieceStamp): Promise<RecordedEvent[]> {
    const first = event.revision - BigInt(piece.index - 1);
    if (first < 0n) return [];
    const earlier = await this.readRaw(event.streamName, first, piece.index - 1);
    return earlier.filter((e, i) => pieceOf(e)?.of === piece.of && pieceOf(e)?.index === i + 1);
  }
}

/**
 * The same, newest first (a stream read backwards): an event is there once its last piece is;
 * pieces whose last one lies beyond where the read started are left out. `pending`: the read
 * stopped inside an event (read on to finish it).
 */
export function joinBackwards(newestFirst: readonly RecordedEvent[]): {
  events: RecordedEvent[];
  pending: boolean;
} {
  const events: RecordedEvent[] = [];
  let run: RecordedEvent[] | undefined;
  let of: string | undefined;
  for (const event of newestFirst) {
    const piece = pieceOf(event);
    if (!piece) {
      run = undefined;
      events.push(event);
      continue;
    }
    if (piece.index === piece.count) {
      run = [event];
      of = piece.of;
    } else if (run && piece.of === of && piece.index === pieceOf(run[0])!.index - 1) {
      run.unshift(event);
    } else {
      run = undefined;
      continue;
    }
    if (piece.index === 1) {
      events.push(joinPieces(run));
      run = undefined;
    }
  }
  return { events, pending: run !== undefined };
}
