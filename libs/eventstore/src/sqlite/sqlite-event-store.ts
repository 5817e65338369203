import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { categoryOf } from '../stream-name';
import { SqliteSubscription } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** File path of the database, or ':memory:'. */
  file: string;
  /** FULL (default) fsyncs every commit; NORMAL is only for benchmarks comparing the cost. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/** A stored event as better-sqlite3 returns it in raw mode (arrays are cheaper than row objects). */
type EventRow = [
  position: number,
  stream: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

interface PendingAppend {
  stream: string;
  rows: { id: string; type: string; category: string; data: string; metadata: string }[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { ok: AppendResult } | { error: unknown };

/**
 * Embedded event store on one better-sqlite3 file (WAL, synchronous=FULL).
 *
 * Group commit: appends that arrive while a flush is pending are written in one transaction
 * (one fsync). Each append runs in its own savepoint, so one append failing its expected
 * revision check does not affect the others in the group.
 */
const COLUMNS = 'SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM events';

export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closed = false;
  private readonly statements: ReturnType<SqliteEventStore['prepare']>;
  private readonly flushGroup: (group: PendingAppend[]) => AppendOutcome[];

  constructor(options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        revision INTEGER NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        category TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events(stream, revision);
      CREATE INDEX IF NOT EXISTS events_stream_id ON events(stream, id);
      CREATE INDEX IF NOT EXISTS events_category_position ON events(category, position);
    `);
    this.statements = this.prepare();
    const appendOne = this.db.transaction((item: PendingAppend) => this.appendInTransaction(item));
    this.flushGroup = this.db.transaction((group: PendingAppend[]) =>
      group.map((item): AppendOutcome => {
        try {
          return { ok: appendOne(item) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  private prepare() {
    return {
      lastRevision: this.db.prepare<[string], { revision: number }>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      byId: this.db.prepare<[string, string], { revision: number; position: number }>(
        'SELECT revision, position FROM events WHERE stream = ? AND id = ?',
      ),
      idAt: this.db.prepare<[string, number], { id: string; position: number }>(
        'SELECT id, position FROM events WHERE stream = ? AND revision = ?',
      ),
      insert: this.db.prepare(
        `INSERT INTO events (stream, revision, id, type, category, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      forwards: this.db
        .prepare<[string, number, number], EventRow>(
          `${COLUMNS} WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
        )
        .raw(true),
      backwards: this.db
        .prepare<[string, number, number], EventRow>(
          `${COLUMNS} WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
      head: this.db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      all: this.db
        .prepare<[number, number], EventRow>(`${COLUMNS} WHERE position > ? ORDER BY position ASC LIMIT ?`)
        .raw(true),
      category: this.db
        .prepare<[string, number, number], EventRow>(
          `${COLUMNS} WHERE category = ? AND position > ? ORDER BY position ASC LIMIT ?`,
        )
        .raw(true),
    };
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
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
      this.queue.push({ stream, rows, expected, resolve, reject });
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
    let appended = false;
    outcomes.forEach((outcome, i) => {
      if ('ok' in outcome) {
        appended = true;
        group[i].resolve(outcome.ok);
      } else group[i].reject(outcome.error);
    });
    if (appended) for (const listener of this.listeners) listener();
  }

  private appendInTransaction(item: PendingAppend): AppendResult {
    const { stream, rows, expected } = item;
    const last = this.statements.lastRevision.get(stream);
    const current = last === undefined ? -1 : last.revision;

    const duplicate = rows.length > 0 ? this.statements.byId.get(stream, rows[0].id) : undefined;
    if (duplicate) return this.replayedAppend(item, duplicate.revision, current);

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
    }
    return { nextRevision: BigInt(revision), position: BigInt(position) };
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
    return this.readAllRows(options.fromPosition ?? 0n, options.maxCount).map(toRecorded);
  }

  /** Raw rows for the subscription, which filters on type and category before parsing JSON. */
  readAllRows(fromPosition: bigint, maxCount: number): EventRow[] {
    return this.statements.all.all(Number(fromPosition), maxCount);
  }

  /**
   * Rows of the given categories after `fromPosition`, in position order, read through the
   * (category, position) index so a projection never reads other families' events. `scannedTo`
   * is how far the result is complete: every matching row up to it is included.
   */
  readCategoryRows(
    categories: readonly string[],
    fromPosition: bigint,
    maxCount: number,
  ): { rows: EventRow[]; scannedTo: bigint } {
    return this.db.transaction(() => {
      const from = Number(fromPosition);
      let bound = Number.MAX_SAFE_INTEGER;
      const pages = categories.map((category) => {
        const rows = this.statements.category.all(category, from, maxCount);
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

  /** Called after every commit that appended something. */
  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

export function toRecorded([
  position,
  streamName,
  revision,
  id,
  type,
  data,
  metadata,
  recordedAt,
]: EventRow): RecordedEvent {
  return {
    id,
    streamName,
    type,
    revision: BigInt(revision),
    position: BigInt(position),
    data: JSON.parse(data) as unknown,
    metadata: JSON.parse(metadata) as EventMetadata,
    recordedAt,
  };
}

export type { EventRow };
