import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AppendOptions,
  AppendResult,
  AppliedChange,
  ExpectedRevision,
  IdempotencyClaim,
  IdempotencyKeyReusedError,
  IdempotencyRecord,
  LocalEventStore,
  LocalEventStoreCapabilities,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  StoredResponse,
  SubscriptionFilter,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { categoryOf } from '../stream-name';
import { SqliteSubscription } from './sqlite-subscription';
import { SqliteTailCache } from './sqlite-tail-cache';
import { EventRow, toRecorded } from './sqlite-event-row';
import {
  createEventsSchema,
  prepareClaimStatements,
  prepareStatements,
  SqliteClaimStatements,
  SqliteStatements,
} from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** File path of the database, or ':memory:'. */
  file: string;
  /** FULL (default) fsyncs every commit; NORMAL is only for benchmarks comparing the cost. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /** Opens an existing store to read only (another thread's view of the engine's store). */
  readonly?: boolean;
}

interface PendingAppend {
  stream: string;
  rows: { id: string; type: string; category: string; data: string; metadata: string }[];
  expected: ExpectedRevision;
  claim?: IdempotencyClaim;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { ok: AppendResult; rows: EventRow[] } | { error: unknown };

/** A subscription filter as `readEvents` takes it: sets, built once per reader. */
export interface ReadFilter {
  categories?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
}

export function readFilter(filter: SubscriptionFilter | undefined): ReadFilter {
  return {
    categories: filter?.categories ? new Set(filter.categories) : undefined,
    types: filter?.eventTypes ? new Set(filter.eventTypes) : undefined,
  };
}

/** How many recent events of a stream an append with 'any' is checked against for a repeat. */
const IDEMPOTENCY_WINDOW = 1_000;

/**
 * Embedded event store on one better-sqlite3 file (WAL, synchronous=FULL).
 *
 * Group commit: appends that arrive while a flush is pending are written in one transaction
 * (one fsync). Each append runs in its own savepoint, so one append failing its expected
 * revision check does not affect the others in the group.
 */
export class SqliteEventStore implements LocalEventStore {
  readonly name = 'sqlite';
  readonly local: LocalEventStoreCapabilities;
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closed = false;
  private readonly statements: SqliteStatements;
  private readonly claims?: SqliteClaimStatements;
  private readonly flushGroup: (group: PendingAppend[]) => AppendOutcome[];
  private readonly tail?: SqliteTailCache;

  constructor(options: SqliteEventStoreOptions) {
    const inMemory = options.file === ':memory:';
    if (!inMemory) fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.local = {
      file: inMemory ? undefined : options.file,
      foreignWrites: () => this.statements.dataVersion.get() as number,
      onAppended: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    this.db = new Database(options.file, { readonly: options.readonly ?? false });
    this.db.pragma('busy_timeout = 5000');
    if (!options.readonly) createEventsSchema(this.db, options.synchronous ?? 'FULL');
    this.statements = prepareStatements(this.db);
    if (!options.readonly) this.claims = prepareClaimStatements(this.db);
    // A read-only view never appends, so it has no tail of its own: it reads everything from the file.
    if (!options.readonly) this.tail = new SqliteTailCache(this.statements.head.get()?.position ?? 0);
    const appendOne = this.db.transaction((item: PendingAppend, rows: EventRow[]) =>
      this.appendInTransaction(item, rows),
    );
    this.flushGroup = this.db.transaction((group: PendingAppend[]) =>
      group.map((item): AppendOutcome => {
        const rows: EventRow[] = [];
        try {
          return { ok: appendOne(item, rows), rows };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /** One call, one transaction: a command's events are committed together, whatever their size. */
  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    let rows: PendingAppend['rows'];
    try {
      const category = categoryOf(stream);
      rows = events.map((e) => ({
        id: e.id,
        type: e.type,
        category,
        data: JSON.stringify(e.data ?? null),
        metadata: JSON.stringify(e.metadata),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, rows, expected, claim: options.idempotency, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.flushGroup(group);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    // Committed: the new rows join the tail before anyone is told, in position order.
    outcomes.forEach((outcome, i) => {
      if ('ok' in outcome && outcome.rows.length > 0) {
        this.tail?.add(outcome.rows, group[i].rows[0].category);
      }
    });
    let appended = false;
    outcomes.forEach((outcome, i) => {
      if ('ok' in outcome) {
        appended ||= outcome.rows.length > 0;
        group[i].resolve(outcome.ok);
      } else group[i].reject(outcome.error);
    });
    if (appended) for (const listener of this.listeners) listener();
  }

  /** Appends one item inside the group's transaction; `committed` receives the rows written. */
  private appendInTransaction(item: PendingAppend, committed: EventRow[]): AppendResult {
    const { stream, rows, expected, claim } = item;
    if (claim) {
      const replayed = this.appliedSync(stream, claim);
      if (replayed) return { nextRevision: replayed.nextRevision, position: replayed.position, replayed };
    }
    const last = this.statements.lastRevision.get(stream);
    const current = last === undefined ? -1 : last.revision;

    const duplicateAt =
      rows.length > 0 ? this.duplicateRevision(stream, rows[0].id, expected, current) : undefined;
    if (duplicateAt !== undefined) return this.replayedAppend(item, duplicateAt, current);

    const actual: bigint | 'no_stream' = current < 0 ? 'no_stream' : BigInt(current);
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current < 0) ||
      (expected === 'stream_exists' && current >= 0) ||
      (typeof expected === 'bigint' && expected === BigInt(current));
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);

    if (rows.length === 0) {
      const head = this.statements.head.get()?.position ?? 0;
      return { nextRevision: BigInt(current), position: BigInt(head) };
    }
    const recordedAt = new Date().toISOString();
    let revision = current;
    let position = 0;
    for (const row of rows) {
      revision += 1;
      const info = this.statements.insert.run(
        stream,
        revision,
        row.id,
        row.type,
        row.category,
        row.data,
        row.metadata,
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
      committed.push([position, stream, revision, row.id, row.type, row.data, row.metadata, recordedAt]);
    }
    if (claim) {
      this.claims!.insert.run(
        claim.tenant,
        claim.key,
        stream,
        claim.seq,
        claim.fingerprint,
        current + 1,
        revision,
        position,
      );
    }
    return { nextRevision: BigInt(revision), position: BigInt(position) };
  }

  /**
   * Where an earlier append of the same events starts, if there was one. With an expected
   * revision that place is known (right after it); with 'any' or 'stream_exists' the recent
   * events of the stream are searched (EventStoreDB's idempotency is bounded the same way).
   */
  private duplicateRevision(
    stream: string,
    firstId: string,
    expected: ExpectedRevision,
    current: number,
  ): number | undefined {
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const at = expected === 'no_stream' ? 0 : Number(expected) + 1;
      if (at > current) return undefined;
      return this.statements.idAt.get(stream, at)?.id === firstId ? at : undefined;
    }
    return this.statements.recentById.get(stream, current - IDEMPOTENCY_WINDOW, firstId)?.revision;
  }

  /** The same event IDs again at the same place: idempotent, nothing is written. */
  private replayedAppend(item: PendingAppend, firstRevision: number, current: number): AppendResult {
    let position = 0;
    item.rows.forEach((row, i) => {
      const stored = this.statements.idAt.get(item.stream, firstRevision + i);
      if (!stored || stored.id !== row.id) {
        throw new WrongExpectedRevisionError(item.stream, item.expected, BigInt(current));
      }
      position = stored.position;
    });
    return { nextRevision: BigInt(firstRevision + item.rows.length - 1), position: BigInt(position) };
  }

  async findApplied(stream: string, claim: IdempotencyClaim): Promise<AppliedChange | undefined> {
    return this.appliedSync(stream, claim);
  }

  async idempotencyRecord(tenant: string, key: string): Promise<IdempotencyRecord | undefined> {
    const claims = this.requireClaims();
    const response = claims.response.get(tenant, key);
    if (response) {
      const position = claims.position.get(tenant, key);
      return {
        fingerprint: response.fingerprint,
        response: {
          status: response.status,
          ...(response.content_type === null ? {} : { contentType: response.content_type }),
          body: response.body,
          ...(position === null || position === undefined ? {} : { position: String(position) }),
        },
      };
    }
    const fingerprint = claims.fingerprint.get(tenant, key);
    return fingerprint === undefined ? undefined : { fingerprint };
  }

  async saveResponse(
    tenant: string,
    key: string,
    fingerprint: string,
    response: StoredResponse,
  ): Promise<void> {
    if (this.closed) throw new Error('event store is closed');
    const claims = this.requireClaims();
    // The first request to use the key owns it, whether it appended events or not.
    this.db.transaction(() => {
      const claimed = claims.fingerprint.get(tenant, key);
      if (claimed !== undefined && claimed !== fingerprint) return;
      claims.saveResponse.run(
        tenant,
        key,
        fingerprint,
        response.status,
        response.contentType ?? null,
        response.body,
      );
    })();
  }

  private appliedSync(stream: string, claim: IdempotencyClaim): AppliedChange | undefined {
    const claims = this.requireClaims();
    const row = claims.applied.get(claim.tenant, claim.key, stream, claim.seq);
    const fingerprint =
      row?.fingerprint ??
      claims.fingerprint.get(claim.tenant, claim.key) ??
      claims.response.get(claim.tenant, claim.key)?.fingerprint;
    if (fingerprint !== undefined && fingerprint !== claim.fingerprint)
      throw new IdempotencyKeyReusedError(claim.key);
    if (!row) return undefined;
    return {
      firstRevision: BigInt(row.first_revision),
      nextRevision: BigInt(row.next_revision),
      position: BigInt(row.position),
    };
  }

  private requireClaims(): SqliteClaimStatements {
    if (!this.claims) throw new Error('idempotency claims are only read through the writing connection');
    return this.claims;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamSync(stream, options);
  }

  readStreamSync(stream: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.backwards.all(
            stream,
            options.fromRevision === undefined ? Number.MAX_SAFE_INTEGER : Number(options.fromRevision),
            max,
          )
        : this.statements.forwards.all(stream, Number(options.fromRevision ?? 0n), max);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllRows(options.fromPosition ?? 0n, options.maxCount).rows.map(toRecorded);
  }

  /**
   * What a subscription reads next: events after `fromPosition` in the given categories (all
   * when undefined) and types (all when undefined). New events come from the in-memory tail,
   * parsed once for all subscribers; older ones from the file, filtered before parsing.
   * `scannedTo` is how far the result is complete.
   */
  readEvents(
    fromPosition: bigint,
    filter: ReadFilter,
    maxCount: number,
  ): { events: RecordedEvent[]; scannedTo: bigint } {
    const from = Number(fromPosition);
    if (this.tail?.covers(from)) {
      const { events, scannedTo } = this.tail.read(
        from,
        filter.categories,
        filter.types,
        maxCount,
        toRecorded,
      );
      return { events, scannedTo: BigInt(scannedTo) };
    }
    const { rows, scannedTo } = filter.categories
      ? this.readCategoryRows([...filter.categories], filter.types, fromPosition, maxCount)
      : this.readAllRows(fromPosition, maxCount);
    const types = filter.types;
    return { events: (types ? rows.filter((row) => types.has(row[4])) : rows).map(toRecorded), scannedTo };
  }

  private readAllRows(fromPosition: bigint, maxCount: number): { rows: EventRow[]; scannedTo: bigint } {
    const rows = this.statements.all.all(Number(fromPosition), maxCount);
    return { rows, scannedTo: rows.length > 0 ? BigInt(rows[rows.length - 1][0]) : fromPosition };
  }

  /**
   * Rows of the given categories after `fromPosition`, in position order, read through the
   * (category, position, type) index so a projection never loads other families' events, nor other
   * types' when it takes only a few. `scannedTo`
   * is how far the result is complete: every matching row up to it is included.
   */
  private readCategoryRows(
    categories: readonly string[],
    types: ReadonlySet<string> | undefined,
    fromPosition: bigint,
    maxCount: number,
  ): { rows: EventRow[]; scannedTo: bigint } {
    return this.db.transaction(() => {
      const typeList = types ? JSON.stringify([...types]) : '';
      const from = Number(fromPosition);
      let bound = Number.MAX_SAFE_INTEGER;
      const pages = categories.map((category) => {
        const rows = types
          ? this.statements.categoryOfTypes.all(category, from, typeList, maxCount)
          : this.statements.category.all(category, from, maxCount);
        if (rows.length === maxCount) bound = Math.min(bound, rows[rows.length - 1][0]);
        return rows;
      });
      if (bound === Number.MAX_SAFE_INTEGER) bound = this.statements.head.get()?.position ?? from;
      const rows = pages.flat().filter((row) => row[0] <= bound);
      if (pages.length > 1) rows.sort((a, b) => a[0] - b[0]);
      return { rows, scannedTo: BigInt(Math.max(bound, from)) };
    })();
  }

  subscribeAll(options: SubscribeAllOptions = {}): Subscription {
    const subscription = new SqliteSubscription(this, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Another connection appended (a read-only view is told so): wake the subscriptions. */
  notifyAppended(): void {
    for (const listener of this.listeners) listener();
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.statements.head.get()?.position ?? 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let appends already queued finish before closing the file.
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
