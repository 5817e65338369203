/**
 * Event store benchmark (not a test). Prints durable append throughput with 64 concurrent
 * single-event appenders on distinct streams, and $all read throughput, each beside a raw
 * better-sqlite3 baseline measured in the same run on the same machine.
 *
 *   npm run bench:eventstore            (EVENTS=100000 APPENDERS=64 by default)
 */
import { NewEvent, SqliteEventStore } from '@engine/eventstore';
import { makeTempDir } from '@engine/testing';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

const EVENTS = Number(process.env.EVENTS ?? 100_000);
const APPENDERS = Number(process.env.APPENDERS ?? 64);

function event(i: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'SegmentsPublished',
    data: {
      segments: [
        { id: `wiki_2024-01-01T${String(i % 24).padStart(2, '0')}:00:00.000Z_v1_${i}`, size: 1024 + i },
      ],
    },
    metadata: {
      tenant: 'acme',
      actor: 'bench',
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      source: 'native',
      occurredAt: new Date().toISOString(),
    },
  };
}

async function engineAppends(file: string): Promise<number> {
  const store = new SqliteEventStore({ file, synchronous: 'FULL' });
  const perAppender = Math.ceil(EVENTS / APPENDERS);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: APPENDERS }, async (_, a) => {
      for (let r = 0; r < perAppender; r++) {
        await store.append(
          `bench-acme/stream-${a}`,
          [event(a * perAppender + r)],
          r === 0 ? 'no_stream' : BigInt(r - 1),
        );
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return (perAppender * APPENDERS) / seconds;
}

/** The same rows inserted by plain better-sqlite3 in transactions of APPENDERS rows, fsync per commit. */
function rawBatchedInserts(file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    id TEXT NOT NULL, type TEXT NOT NULL, category TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL);
    CREATE UNIQUE INDEX events_stream_revision ON events(stream, revision);
    CREATE INDEX events_stream_id ON events(stream, id);`);
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, category, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const perAppender = Math.ceil(EVENTS / APPENDERS);
  const batch = db.transaction((r: number) => {
    for (let a = 0; a < APPENDERS; a++) {
      const e = event(a * perAppender + r);
      insert.run(
        `bench-acme/stream-${a}`,
        r,
        e.id,
        e.type,
        'bench',
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        new Date().toISOString(),
      );
    }
  });
  const started = process.hrtime.bigint();
  for (let r = 0; r < perAppender; r++) batch(r);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return (perAppender * APPENDERS) / seconds;
}

async function engineReadAll(file: string): Promise<number> {
  const store = new SqliteEventStore({ file });
  let count = 0;
  const started = process.hrtime.bigint();
  for (let from = 0n; ;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    if (page.length === 0) break;
    count += page.length;
    from = page[page.length - 1].position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return count / seconds;
}

/** A plain paged read of the same rows with JSON.parse of data and metadata. */
function rawReadAll(file: string): number {
  const db = new Database(file, { readonly: true });
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT position, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  let count = 0;
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let from = 0; ;) {
    const rows = page.all(from, 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const data = JSON.parse(row.data) as unknown;
      const metadata = JSON.parse(row.metadata) as unknown;
      if (data && metadata) sink++;
    }
    count += rows.length;
    from = rows[rows.length - 1].position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  if (sink !== count) throw new Error('unexpected rows');
  return count / seconds;
}

async function main(): Promise<void> {
  const temp = makeTempDir('ple-bench-es-');
  try {
    const engineFile = path.join(temp.dir, 'engine.sqlite');
    const rawFile = path.join(temp.dir, 'raw.sqlite');
    console.log(
      `event store benchmark: ${EVENTS} events, ${APPENDERS} concurrent appenders, synchronous=FULL`,
    );
    const raw = rawBatchedInserts(rawFile);
    const engine = await engineAppends(engineFile);
    console.log(`appends  raw batched inserts: ${raw.toFixed(0)} events/s`);
    console.log(`appends  engine (group commit): ${engine.toFixed(0)} events/s`);
    console.log(`appends  ratio engine/raw: ${((engine / raw) * 100).toFixed(1)}% (target >= 25%)`);
    const rawRead = rawReadAll(engineFile);
    const engineRead = await engineReadAll(engineFile);
    console.log(`$all     raw read + JSON.parse: ${rawRead.toFixed(0)} events/s`);
    console.log(`$all     engine readAll: ${engineRead.toFixed(0)} events/s`);
    console.log(`$all     ratio engine/raw: ${((engineRead / rawRead) * 100).toFixed(1)}% (target >= 60%)`);
  } finally {
    temp.cleanup();
  }
}

void main();
