/**
 * The event store port. Every adapter (embedded SQLite, EventStoreDB) implements it and
 * passes the one contract suite in libs/eventstore/test.
 *
 * Positions are global, strictly increasing and unique per event; revisions count from 0
 * within a stream. Both are bigint because EventStoreDB positions exceed 2^53.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; bigint: exact last revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface EventMetadata {
  tenant: string;
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** Which API the command came through: druid, clickhouse, lakeformation, doris, can, native, executor. */
  source: string;
  occurredAt: string;
  /**
   * Present when one logical change was split over several appends (EventStoreDB's 1 MiB
   * limit): part `index` of `count`, of the change identified by `change` (its first event's id).
   */
  part?: { index: number; count: number; change?: string };
  idempotencyKey?: string;
  schemaVersion?: number;
}

export interface NewEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  id: string;
  streamName: string;
  type: string;
  revision: bigint;
  position: bigint;
  data: Data;
  metadata: EventMetadata;
  /** When the store recorded it (ISO-8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: bigint;
  /** Global position of the last appended event. */
  position: bigint;
  /**
   * Set when the append carried an idempotency claim that had already been applied: nothing
   * was written, and this is the change the first attempt stored.
   */
  replayed?: AppliedChange;
}

/**
 * An `Idempotency-Key` as the store records it with a command's events: the key (scoped by
 * tenant), the fingerprint of the request that used it, and which of that request's appends
 * to this stream this one is (a request may append to several streams, or twice to one).
 */
export interface IdempotencyClaim {
  tenant: string;
  key: string;
  fingerprint: string;
  seq: number;
}

/** Where the change recorded under a claim lies in its stream. */
export interface AppliedChange {
  firstRevision: bigint;
  nextRevision: bigint;
  position: bigint;
}

export interface StoredResponse {
  status: number;
  contentType?: string;
  body: string;
  /** Global position of the request's last appended event (its `X-Engine-Position`), decimal. */
  position?: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  response?: StoredResponse;
}

export interface AppendOptions {
  /** Recorded atomically with the events; a second append with the same claim writes nothing. */
  idempotency?: IdempotencyClaim;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive start revision; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  direction?: ReadDirection;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this. Omit to read from the beginning. */
  fromPosition?: bigint;
  maxCount: number;
}

export interface SubscriptionFilter {
  /** Stream categories (the part before the first `-`). */
  categories?: readonly string[];
  eventTypes?: readonly string[];
}

export interface SubscribeAllOptions {
  /** Exclusive start position; omit for the beginning. */
  fromPosition?: bigint;
  filter?: SubscriptionFilter;
}

/**
 * What a subscription delivers: events that pass the filter, and checkpoints telling that
 * everything up to `position` has been scanned (so a filtered consumer can advance its
 * checkpoint past events it does not care about).
 */
export type SubscriptionItem =
  { kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: bigint };

export interface Subscription extends AsyncIterable<SubscriptionItem> {
  close(): Promise<void>;
}

/** What every adapter implements; a capability only one adapter has is asked for apart (below). */
export interface EventStore {
  readonly name: string;
  /**
   * With `options.idempotency`: an already applied claim returns `replayed` and writes nothing;
   * a key already used (by this tenant) with another fingerprint throws IdempotencyKeyReusedError.
   */
  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * The change an earlier append with this claim stored in `stream`, if any; throws
   * IdempotencyKeyReusedError when the key was used with another fingerprint.
   */
  findApplied(stream: string, claim: IdempotencyClaim): Promise<AppliedChange | undefined>;
  /** What a tenant's key was first used with (its request fingerprint, and the response once stored). */
  idempotencyRecord(tenant: string, key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Keeps the response given to the request that first used the key (the first stored wins), so
   * a retry gets it back verbatim on any process. Written after the events: a crash in between
   * leaves the claim, from which a retry rebuilds the outcome.
   */
  saveResponse(tenant: string, key: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Returns [] for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeAll(options?: SubscribeAllOptions): Subscription;
  /** Position of the newest event, 0n for an empty store. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/**
 * What only a store embedded in this process on a local file offers (SQLite): the engine uses
 * it to read from other threads, to trust cached state and to wake those threads on commits.
 * A server store (EventStoreDB) has none of it; ask with `localCapabilities(store)`.
 */
export interface LocalEventStoreCapabilities {
  /** The database file, which other threads may open to read; absent for an in-memory store. */
  readonly file?: string;
  /** A number that changes whenever another connection commits to the store (PRAGMA data_version). */
  foreignWrites(): number;
  /** Called after each commit that appended events; returns the unsubscribe. */
  onAppended(listener: () => void): () => void;
}

/** A store that has the local capabilities. */
export interface LocalEventStore extends EventStore {
  readonly local: LocalEventStoreCapabilities;
}

/** The one place a caller asks whether a store has the local capabilities (undefined: a server store). */
export function localCapabilities(store: EventStore): LocalEventStoreCapabilities | undefined {
  return (store as Partial<LocalEventStore>).local;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected revision on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An Idempotency-Key reused by its tenant for a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super('This Idempotency-Key was used for a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The store could not be reached; whether an in-flight append landed is unknown. */
export class EventStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

export const EVENT_STORE = Symbol('EVENT_STORE');
