import { FORWARDS, START, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import {
  AppendResult,
  AppliedChange,
  ExpectedRevision,
  IdempotencyClaim,
  IdempotencyKeyReusedError,
  IdempotencyRecord,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StoredResponse,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { streamName } from '../stream-name';
import { isStreamNotFound, toPortError } from './esdb-errors';
import { MAX_APPEND_BYTES } from './esdb-append-parts';
import { CLAIM_CATEGORY, toEventUuid } from './esdb-event-mapping';

type ClaimRecord =
  | { type: 'IdempotencyKeyClaimed'; data: { fingerprint: string } }
  | {
      type: 'IdempotentAppendIntended';
      data: {
        stream: string;
        seq: number;
        firstRevision: string;
        firstId: string;
        lastId: string;
        count: number;
      };
    }
  | { type: 'IdempotentResponseStored'; data: StoredResponse }
  | {
      type: 'IdempotentChangeApplied';
      data: { stream: string; seq: number; firstRevision: string; nextRevision: string; position: string };
    };

/**
 * What the adapter gives this helper: appends (split as needed) and reads of event streams.
 * The events it is given are the change as stored (pieces of a large event included), so its
 * revisions, first and last IDs are those of the stored records, checked with raw reads.
 */
export interface EsdbAppender {
  appendParts(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
  readStreamRaw(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
}

/**
 * Idempotency-Key claims on EventStoreDB, which has no transaction across streams. Each key has
 * a claim stream `idempotency-<tenant>/<key>`:
 * - its first event (appended with expected revision no_stream, so the first writer wins across
 *   engine processes) holds the request fingerprint: another fingerprint is refused (422);
 * - before each append of the command's events, an "intended" record names the revision the
 *   change must start at and its first and last event IDs; the events themselves are the
 *   proof it happened: a retry after a crash finds them at that place (the IDs derive from the
 *   key, the fingerprint and the append's place in the request, so no other request has them);
 * - after the append, an "applied" record makes the next lookup one read.
 * A retry of the same request therefore never applies its change twice, on any process.
 */
export class EsdbIdempotency {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly store: EsdbAppender,
  ) {}

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    claim: IdempotencyClaim,
  ): Promise<AppendResult> {
    await this.claim(claim);
    const earlier = await this.findApplied(stream, claim);
    if (earlier) return replayedResult(earlier);
    const firstRevision = await this.startOf(stream, expected);
    await this.record(claim, {
      type: 'IdempotentAppendIntended',
      data: {
        stream,
        seq: claim.seq,
        firstRevision: String(firstRevision),
        firstId: toEventUuid(events[0].id),
        lastId: toEventUuid(events[events.length - 1].id),
        count: events.length,
      },
    });
    let result: AppendResult;
    try {
      result = await this.store.appendParts(stream, events, expected);
    } catch (error) {
      // A concurrent attempt of the same request on another process may have won the race.
      if (error instanceof WrongExpectedRevisionError) {
        const applied = await this.findApplied(stream, claim);
        if (applied) return replayedResult(applied);
      }
      throw error;
    }
    const applied: AppliedChange = {
      firstRevision: result.nextRevision - BigInt(events.length) + 1n,
      nextRevision: result.nextRevision,
      position: result.position,
    };
    await this.recordApplied(claim, stream, applied);
    // The server acknowledges the same event IDs at the same place without writing them: when
    // they came from a concurrent attempt of this request, answer with the change it stored.
    const [first] = await this.store.readStreamRaw(stream, {
      fromRevision: applied.firstRevision,
      maxCount: 1,
    });
    if (first && first.metadata.commandId !== events[0].metadata.commandId)
      return { ...result, replayed: applied };
    return result;
  }

  async claimedFingerprint(tenant: string, key: string): Promise<string | undefined> {
    const [first] = await this.records(claimStream(tenant, key), 1);
    return first?.type === 'IdempotencyKeyClaimed' ? first.data.fingerprint : undefined;
  }

  async idempotencyRecord(tenant: string, key: string): Promise<IdempotencyRecord | undefined> {
    const records = await this.records(claimStream(tenant, key));
    const [first] = records;
    if (first?.type !== 'IdempotencyKeyClaimed') return undefined;
    const response = records.find((r) => r.type === 'IdempotentResponseStored');
    return {
      fingerprint: first.data.fingerprint,
      ...(response?.type === 'IdempotentResponseStored' ? { response: response.data } : {}),
    };
  }

  async saveResponse(
    tenant: string,
    key: string,
    fingerprint: string,
    response: StoredResponse,
  ): Promise<void> {
    const claim = { tenant, key, fingerprint, seq: 0 };
    // One record must fit one append: a larger response is not kept, only the claim, from which
    // a retry rebuilds the outcome (the pipeline answers with the stored change).
    const tooLarge = Buffer.byteLength(response.body) > MAX_APPEND_BYTES - 4096;
    try {
      await this.claim(claim);
    } catch (error) {
      // Another request owns the key: its response is the one kept.
      if (error instanceof IdempotencyKeyReusedError) return;
      throw error;
    }
    if (!tooLarge) await this.record(claim, { type: 'IdempotentResponseStored', data: response });
  }

  async findApplied(stream: string, claim: IdempotencyClaim): Promise<AppliedChange | undefined> {
    const records = await this.records(claimStream(claim.tenant, claim.key));
    const [first] = records;
    if (!first) return undefined;
    if (first.type === 'IdempotencyKeyClaimed' && first.data.fingerprint !== claim.fingerprint) {
      throw new IdempotencyKeyReusedError(claim.key);
    }
    const mine = records.filter(
      (r) =>
        (r.type === 'IdempotentAppendIntended' || r.type === 'IdempotentChangeApplied') &&
        r.data.stream === stream &&
        r.data.seq === claim.seq,
    );
    for (const record of mine) {
      if (record.type === 'IdempotentChangeApplied') {
        return {
          firstRevision: BigInt(record.data.firstRevision),
          nextRevision: BigInt(record.data.nextRevision),
          position: BigInt(record.data.position),
        };
      }
    }
    // No "applied" record (a crash after the append): look for the events where they were meant to go.
    for (const record of mine) {
      if (record.type !== 'IdempotentAppendIntended') continue;
      const firstRevision = BigInt(record.data.firstRevision);
      const nextRevision = firstRevision + BigInt(record.data.count) - 1n;
      const [head] = await this.store.readStreamRaw(stream, { fromRevision: firstRevision, maxCount: 1 });
      const [last] = await this.store.readStreamRaw(stream, { fromRevision: nextRevision, maxCount: 1 });
      if (
        head?.id === record.data.firstId &&
        last?.id === record.data.lastId &&
        last.revision === nextRevision
      ) {
        const applied = { firstRevision, nextRevision, position: last.position };
        await this.recordApplied(claim, stream, applied);
        return applied;
      }
    }
    return undefined;
  }

  /** First writer wins: the key's first record holds the fingerprint of the request that claimed it. */
  private async claim(claim: IdempotencyClaim): Promise<void> {
    const stream = claimStream(claim.tenant, claim.key);
    try {
      await this.appendRecord(
        stream,
        { type: 'IdempotencyKeyClaimed', data: { fingerprint: claim.fingerprint } },
        'no_stream',
        `${stream}\n${claim.fingerprint}`,
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const fingerprint = await this.claimedFingerprint(claim.tenant, claim.key);
      if (fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError(claim.key);
    }
  }

  private recordApplied(claim: IdempotencyClaim, stream: string, applied: AppliedChange): Promise<void> {
    return this.record(claim, {
      type: 'IdempotentChangeApplied',
      data: {
        stream,
        seq: claim.seq,
        firstRevision: String(applied.firstRevision),
        nextRevision: String(applied.nextRevision),
        position: String(applied.position),
      },
    });
  }

  private record(claim: IdempotencyClaim, record: ClaimRecord): Promise<void> {
    return this.appendRecord(claimStream(claim.tenant, claim.key), record, 'any');
  }

  private async appendRecord(
    stream: string,
    record: ClaimRecord,
    expected: ExpectedRevision,
    id?: string,
  ): Promise<void> {
    try {
      await this.client.appendToStream(
        stream,
        [
          {
            id: id ? toEventUuid(id) : crypto.randomUUID(),
            type: record.type,
            contentType: 'application/json',
            data: { ...record.data },
            metadata: {},
          },
        ],
        { expectedRevision: expected as never },
      );
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
  }

  private async records(stream: string, maxCount?: number): Promise<ClaimRecord[]> {
    const records: ClaimRecord[] = [];
    try {
      const reader = this.client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: START,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of reader as AsyncIterable<ResolvedEvent>) {
        const event = resolved.event;
        if (event?.isJson) records.push({ type: event.type, data: event.data } as ClaimRecord);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toPortError(error);
    }
    return records;
  }

  /** The revision the change will start at when the append succeeds with this expectation. */
  private async startOf(stream: string, expected: ExpectedRevision): Promise<bigint> {
    if (expected === 'no_stream') return 0n;
    if (typeof expected === 'bigint') return expected + 1n;
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return (last?.revision ?? -1n) + 1n;
  }
}

function claimStream(tenant: string, key: string): string {
  return streamName(CLAIM_CATEGORY, tenant, key);
}

function replayedResult(applied: AppliedChange): AppendResult {
  return { nextRevision: applied.nextRevision, position: applied.position, replayed: applied };
}
