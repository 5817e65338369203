import type Database from 'better-sqlite3';
import type { EventRow } from './sqlite-event-row';
import { EVENT_COLUMNS } from './sqlite-event-row';

export function createEventsSchema(db: Database.Database, synchronous: 'FULL' | 'NORMAL' | 'OFF'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`
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
    DROP INDEX IF EXISTS events_stream_id;
    -- Type in the index: a reader of a few types skips the others' rows without loading them.
    CREATE INDEX IF NOT EXISTS events_category_position_type ON events(category, position, type);
    DROP INDEX IF EXISTS events_category_position;
    -- Idempotency-Key claims, written in the transaction of the events they stand for.
    CREATE TABLE IF NOT EXISTS idempotency_claims (
      tenant TEXT NOT NULL,
      key TEXT NOT NULL,
      stream TEXT NOT NULL,
      seq INTEGER NOT NULL,
      fingerprint TEXT NOT NULL,
      first_revision INTEGER NOT NULL,
      next_revision INTEGER NOT NULL,
      position INTEGER NOT NULL,
      PRIMARY KEY (tenant, key, stream, seq)
    ) WITHOUT ROWID;
    -- The response to the request that first used a key, kept for its retries.
    CREATE TABLE IF NOT EXISTS idempotency_responses (
      tenant TEXT NOT NULL,
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      status INTEGER NOT NULL,
      content_type TEXT,
      body TEXT NOT NULL,
      PRIMARY KEY (tenant, key)
    ) WITHOUT ROWID;
  `);
}

/** Statements on the idempotency claims (writer connection only: a read-only view may predate the table). */
export function prepareClaimStatements(db: Database.Database) {
  return {
    fingerprint: db
      .prepare<[string, string], string>(
        'SELECT fingerprint FROM idempotency_claims WHERE tenant = ? AND key = ? LIMIT 1',
      )
      .pluck(),
    applied: db.prepare<
      [string, string, string, number],
      { fingerprint: string; first_revision: number; next_revision: number; position: number }
    >(
      `SELECT fingerprint, first_revision, next_revision, position FROM idempotency_claims
       WHERE tenant = ? AND key = ? AND stream = ? AND seq = ?`,
    ),
    response: db.prepare<
      [string, string],
      { fingerprint: string; status: number; content_type: string | null; body: string }
    >(
      'SELECT fingerprint, status, content_type, body FROM idempotency_responses WHERE tenant = ? AND key = ?',
    ),
    // The request's position is the last of its claims' (each claim keeps its append's position).
    position: db
      .prepare<[string, string], number | null>(
        'SELECT MAX(position) FROM idempotency_claims WHERE tenant = ? AND key = ?',
      )
      .pluck(),
    saveResponse: db.prepare(
      `INSERT OR IGNORE INTO idempotency_responses (tenant, key, fingerprint, status, content_type, body)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    insert: db.prepare(
      `INSERT INTO idempotency_claims (tenant, key, stream, seq, fingerprint, first_revision, next_revision, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export type SqliteClaimStatements = ReturnType<typeof prepareClaimStatements>;

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    lastRevision: db.prepare<[string], { revision: number }>(
      'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    ),
    // Through the (stream, revision) index: no index on random event IDs to keep up per insert.
    recentById: db.prepare<[string, number, string], { revision: number }>(
      'SELECT revision FROM events WHERE stream = ? AND revision > ? AND id = ? LIMIT 1',
    ),
    idAt: db.prepare<[string, number], { id: string; position: number }>(
      'SELECT id, position FROM events WHERE stream = ? AND revision = ?',
    ),
    insert: db.prepare(
      `INSERT INTO events (stream, revision, id, type, category, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    forwards: db
      .prepare<[string, number, number], EventRow>(
        `${EVENT_COLUMNS} WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      )
      .raw(true),
    backwards: db
      .prepare<[string, number, number], EventRow>(
        `${EVENT_COLUMNS} WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(true),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    all: db
      .prepare<[number, number], EventRow>(
        `${EVENT_COLUMNS} WHERE position > ? ORDER BY position ASC LIMIT ?`,
      )
      .raw(true),
    category: db
      .prepare<[string, number, number], EventRow>(
        `${EVENT_COLUMNS} WHERE category = ? AND position > ? ORDER BY position ASC LIMIT ?`,
      )
      .raw(true),
    categoryOfTypes: db
      .prepare<[string, number, string, number], EventRow>(
        `${EVENT_COLUMNS} INDEXED BY events_category_position_type
         WHERE category = ? AND position > ? AND type IN (SELECT value FROM json_each(?))
         ORDER BY position ASC LIMIT ?`,
      )
      .raw(true),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
