import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  AppliedChange,
  EventStore,
  ExpectedRevision,
  IdempotencyClaim,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  StoredResponse,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { splitIntoAppends } from './esdb-append-parts';
import { cutIntoPieces, joinBackwards, PieceJoiner } from './esdb-event-pieces';
import { isStreamNotFound, toPortError } from './esdb-errors';
import { ChangeGate, gateStreamBackwards } from './esdb-change-gate';
import { EsdbChangeRecovery } from './esdb-change-recovery';
import { EsdbIdempotency } from './esdb-idempotency';
import { GatedSubscription } from './esdb-gated-subscription';
import { fromResolvedEvent, isSystemEvent, toEventData } from './esdb-event-mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

/** Positions at or above this are EventStoreDB's "no position" marker (2^64-1 as unsigned). */
const NO_POSITION = 1n << 63n;
/** Page size when scanning $all past system events. */
const PAGE = 512;
/**
 * gRPC deadline per call unless the connection string sets `defaultDeadline` (ms). The client's
 * own default is 10 s, and a retried write waits it out each time before the engine answers 503.
 */
export const DEFAULT_DEADLINE_MS = 3_000;

/** The connection string with a deadline, and that deadline. */
export function withDeadline(connectionString: string): { connectionString: string; deadline: number } {
  const given = /[?&]defaultDeadline=(\d+)/i.exec(connectionString);
  if (given) return { connectionString, deadline: Number(given[1]) };
  const separator = connectionString.includes('?') ? '&' : '?';
  return {
    connectionString: `${connectionString}${separator}defaultDeadline=${DEFAULT_DEADLINE_MS}`,
    deadline: DEFAULT_DEADLINE_MS,
  };
}

/**
 * The event store port over EventStoreDB (gRPC, @eventstore/db-client v6).
 *
 * Positions: the port's global position is the event's commit position in $all. Every gRPC
 * append is an implicit transaction in which each event is its own committed prepare record,
 * and EventStoreDB reports its commit position as that record's own log position (commit ==
 * prepare): unique and strictly increasing per event, also within one multi-event append (only
 * explicit TCP transactions, which this adapter never writes, share a commit position). Every
 * position the port hands out, checkpoints included, is an event's position, so it is a valid
 * place to restart from: an exclusive start p goes to the server as { commit: p, prepare: p };
 * subscriptions start after it, and reads (inclusive on the server) drop the event at p.
 *
 * Idempotency: event IDs go to the server unchanged (UUIDs), so a retry of the same events
 * with the same expected revision after EventStoreUnavailableError is recognised by
 * EventStoreDB and appends nothing, returning the first write's revision. A change over the
 * append size limit is split deterministically, so a retry re-sends the same parts and each
 * part is either acknowledged again or appended at the exact revision the previous one left.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;
  private readonly idempotency: EsdbIdempotency;
  private readonly recovery: EsdbChangeRecovery;
  private sendsCaughtUp?: Promise<boolean>;

  /** Reads have no gRPC deadline in the client (it sets none for streaming reads): this one. */
  private readonly deadline: number;

  constructor(connectionString: string) {
    const configured = withDeadline(connectionString);
    this.deadline = configured.deadline;
    this.client = EventStoreDBClient.connectionString(configured.connectionString);
    this.idempotency = new EsdbIdempotency(this.client, this);
    this.recovery = new EsdbChangeRecovery(this.client, this);
    // At start: complete or void the multi-part changes a dead writer left unfinished.
    void this.recovery.ready().catch(() => undefined);
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('event store is closed');
    if (events.length === 0) return this.checkExpected(stream, expected);
    // From here on, the change as stored: an event over the append limit is several pieces.
    const stored = cutIntoPieces(events);
    if (options.idempotency) return this.idempotency.append(stream, stored, expected, options.idempotency);
    return this.appendParts(stream, stored, expected);
  }

  findApplied(stream: string, claim: IdempotencyClaim): Promise<AppliedChange | undefined> {
    return this.idempotency.findApplied(stream, claim);
  }

  idempotencyRecord(tenant: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.idempotency.idempotencyRecord(tenant, key);
  }

  saveResponse(tenant: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    return this.idempotency.saveResponse(tenant, key, fingerprint, response);
  }

  /** The events as one append, or as consecutive appends when over the size limit. */
  async appendParts(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const parts = splitIntoAppends(events);
    if (parts.length === 1) return this.appendPart(stream, parts[0], expected);
    await this.recovery.ready();
    const change = { stream, change: events[0].id };
    await this.recovery.started(change);
    let result: AppendResult | undefined;
    let next: ExpectedRevision = expected;
    try {
      // Part by part, each at the exact revision the previous one left; readers see the change
      // once its last part is stored (ChangeGate).
      for (const part of parts) {
        result = await this.appendPart(stream, part, next);
        next = result.nextRevision;
      }
    } catch (error) {
      // Void what was written now if the store lets us; else the next start's recovery will.
      if (result) await this.recovery.settle(change).catch(() => undefined);
      throw error;
    }
    await this.recovery.finished(change);
    return result as AppendResult;
  }

  private async appendPart(
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      const written = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: expected as AppendExpectedRevision,
      });
      const nextRevision = written.nextExpectedRevision;
      for (const subscription of this.subscriptions) subscription.nudge();
      const commit = written.position?.commit;
      const position =
        commit !== undefined && commit < NO_POSITION ? commit : await this.positionOf(stream, nextRevision);
      return { nextRevision, position };
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
  }

  /** Some servers answer an idempotent replay without a position: read it back from the event. */
  private async positionOf(stream: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStreamRaw(stream, { fromRevision: revision, maxCount: 1 });
    return event && event.revision === revision ? event.position : this.headPosition();
  }

  private async checkExpected(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const current = last?.revision ?? -1n;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current < 0n) ||
      (expected === 'stream_exists' && current >= 0n) ||
      expected === current;
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, current < 0n ? 'no_stream' : current);
    return { nextRevision: current, position: await this.headPosition() };
  }

  /**
   * Only complete changes (ChangeGate), and whole logical events (pieces joined, see
   * esdb-event-pieces.ts): a page ending inside a change or an event is read on until it is
   * complete or the stream ends. `maxCount` counts logical events; a revision is that of an
   * event's last piece, so revisions may skip numbers (never with events under the limit).
   */
  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return options.direction === 'backwards'
      ? this.readStreamBackwards(stream, options)
      : this.readStreamForwards(stream, options);
  }

  private async readStreamForwards(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const max = options.maxCount;
    const joiner = this.pieceJoiner();
    const gate = new ChangeGate();
    const out: RecordedEvent[] = [];
    let from = options.fromRevision;
    for (;;) {
      const raw = await this.readStreamRaw(stream, { fromRevision: from, maxCount: max });
      const gated = raw.flatMap((event) => gate.push({ kind: 'event', event }));
      for (const item of await joiner.pushAll(gated)) if (item.kind === 'event') out.push(item.event);
      const more = max !== undefined && raw.length >= max;
      const inside = gate.holding || joiner.pending;
      // Stop at a whole event once enough are there; the stream's own events never interleave,
      // so the next read (from the last one's revision + 1) starts on a boundary.
      if (!more || (!inside && out.length >= max)) return max === undefined ? out : out.slice(0, max);
      from = raw[raw.length - 1].revision + 1n;
    }
  }

  private async readStreamBackwards(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const max = options.maxCount;
    let raw: RecordedEvent[] = [];
    let from = options.fromRevision;
    for (;;) {
      const page = await this.readStreamRaw(stream, {
        direction: 'backwards',
        fromRevision: from,
        maxCount: max,
      });
      raw = raw.concat(page);
      const joined = joinBackwards(gateStreamBackwards(raw));
      const more = max !== undefined && page.length >= max && page[page.length - 1].revision > 0n;
      if (!more || (!joined.pending && joined.events.length >= max)) {
        return max === undefined ? joined.events : joined.events.slice(0, max);
      }
      from = page[page.length - 1].revision - 1n;
    }
  }

  /** The stream as stored, markers and unfinished changes included (the recovery reads this). */
  async readStreamRaw(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const reader = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of this.bounded(reader) as AsyncIterable<ResolvedEvent>) {
        const event = fromResolvedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toPortError(error);
    }
    return events;
  }

  /**
   * Complete changes only (ChangeGate), whole logical events (PieceJoiner): a read ending
   * inside a change or an event goes on until it is complete; if $all ends first, the result
   * stops before it (read again later). It may hold more than `maxCount` events.
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const gate = new ChangeGate();
    const joiner = this.pieceJoiner();
    const out: RecordedEvent[] = [];
    let from = options.fromPosition;
    for (;;) {
      const page = await this.readAllRaw({ fromPosition: from, maxCount: options.maxCount });
      const gated = page.flatMap((event) => gate.push({ kind: 'event', event }));
      for (const item of await joiner.pushAll(gated)) if (item.kind === 'event') out.push(item.event);
      const full = page.length >= options.maxCount;
      // Pieces count in the page but not in the result: read on so a short result means the end.
      if (!full || (!gate.holding && !joiner.pending && out.length >= options.maxCount)) return out;
      from = page[page.length - 1].position;
    }
  }

  private pieceJoiner(): PieceJoiner {
    return new PieceJoiner((stream, fromRevision, maxCount) =>
      this.readStreamRaw(stream, { fromRevision, maxCount }),
    );
  }

  /** $all has no server-side filter for reads in v6: page with maxCount and drop system events. */
  private async readAllRaw(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    // 0n is the port's "beginning" (the head of an empty store), as omitting the position.
    let after = options.fromPosition && options.fromPosition > 0n ? options.fromPosition : -1n;
    while (events.length < options.maxCount) {
      const want = Math.min(PAGE, options.maxCount - events.length) + 1;
      const page = await this.readAllPage(
        after < 0n ? START : { commit: after, prepare: after },
        want,
        FORWARDS,
      );
      let last = after;
      for (const resolved of page) {
        const position = resolved.event?.position.commit;
        if (position === undefined || position <= after) continue;
        last = position;
        const event = fromResolvedEvent(resolved);
        if (event && events.length < options.maxCount) events.push(event);
      }
      if (page.length < want || last === after) break;
      after = last;
    }
    return events;
  }

  private async readAllPage(
    from: typeof START | typeof END | { commit: bigint; prepare: bigint },
    maxCount: number,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      const reader = this.client.readAll({ fromPosition: from, maxCount, direction });
      for await (const resolved of this.bounded(reader)) page.push(resolved as AllStreamResolvedEvent);
    } catch (error) {
      throw toPortError(error);
    }
    return page;
  }

  /**
   * A read that goes a whole deadline without a message fails as a deadline would (retryable);
   * a long read that keeps delivering (a large stream on a busy server) is not cut off.
   */
  private bounded<T>(reader: AsyncIterable<T> & { destroy(error?: Error): unknown }): AsyncIterable<T> {
    const expire = () =>
      reader.destroy(new DeadlineExceededError({ code: 4, message: 'read deadline exceeded' } as never));
    const deadline = this.deadline;
    return (async function* () {
      let timer = setTimeout(expire, deadline);
      try {
        for await (const item of reader) {
          clearTimeout(timer);
          yield item;
          timer = setTimeout(expire, deadline);
        }
      } finally {
        clearTimeout(timer);
      }
    })();
  }

  subscribeAll(options: SubscribeAllOptions = {}): Subscription {
    if (this.closed) throw new Error('event store is closed');
    // The gate must see every part of a change, whatever its type: with categories, the
    // subscription lets parts and markers of other types through to it; without, the server
    // cannot tell parts apart, so types are only filtered after the gate.
    const { eventTypes, ...byCategory } = options.filter ?? {};
    const filter = options.filter?.categories?.length ? options.filter : byCategory;
    const subscription = new EventStoreDbSubscription(
      this.client,
      { ...options, filter },
      async (position) => (await this.readAllPage(position, 1, BACKWARDS))[0]?.event?.position.commit,
      (after, maxCount) =>
        this.readAllPage(after < 0n ? START : { commit: after, prepare: after }, maxCount, FORWARDS),
      () => this.subscriptions.delete(subscription),
      this.serverSendsCaughtUp(),
    );
    this.subscriptions.add(subscription);
    return new GatedSubscription(subscription, eventTypes, this.pieceJoiner());
  }

  /**
   * Whether the server sends caughtUp to subscriptions: from 23.10 (KurrentDB oss-v23.10.0
   * Enumerators.AllSubscriptionFiltered.cs). No answer (yet): assume it does, ask again later.
   */
  private serverSendsCaughtUp(): Promise<boolean> {
    this.sendsCaughtUp ??= (
      this.client as unknown as { capabilities: Promise<{ serverVersion: string }> }
    ).capabilities
      .then(({ serverVersion }) => {
        const [major, minor] = serverVersion.split('.').map(Number);
        // Servers before 21.10 do not say their version: they send no caughtUp either.
        if (!Number.isFinite(major) || !Number.isFinite(minor)) return false;
        return major > 23 || (major === 23 && minor >= 10);
      })
      .catch(() => {
        this.sendsCaughtUp = undefined;
        return true;
      });
    return this.sendsCaughtUp;
  }

  /** The newest non-system event's position: $all read backwards, skipping EventStoreDB's own events. */
  async headPosition(): Promise<bigint> {
    let from: typeof END | { commit: bigint; prepare: bigint } = END;
    for (let maxCount = 1; ; maxCount = PAGE) {
      const page = await this.readAllPage(from, maxCount, BACKWARDS);
      for (const resolved of page) {
        const event = resolved.event;
        if (event && !resolved.link && !isSystemEvent(event.streamId, event.type))
          return event.position.commit;
      }
      const oldest = page[page.length - 1]?.event?.position;
      if (page.length < maxCount || !oldest) return 0n;
      from = oldest;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}
