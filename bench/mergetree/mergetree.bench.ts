/**
 * MergeTree benchmark (not a test). Seeds one table with PARTS parts in PARTITIONS partitions
 * (events decided by the real decider, appended to the engine's SQLite store), starts the
 * engine as a child process, waits for the read models, then times ROUNDS round trips of
 * `ALTER TABLE ... DETACH PARTITION p` + `ATTACH PARTITION p` over POST /clickhouse/ (each
 * answered once its events are durable, fsync included), beside a baseline measured in the same run: an
 * authenticated GET /engine/v1/whoami (the bare route), and an authenticated POST
 * /clickhouse/ `SET` without a session (guard, parser, filter; no append) for comparison.
 * Also prints statements parsed per second (in process).
 *
 *   npm run bench:mergetree      (PARTS=100000 PARTITIONS=10000 ROUNDS=200 PARSES=200000 by default)
 */
import { NewEvent, SqliteEventStore, streamName } from '@engine/eventstore';
import { makeTempDir } from '@engine/testing';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mergeTreeDecider, MergeTreeEvent } from '../../libs/mergetree/src/domain';
import { parseStatement } from '../../libs/mergetree/src/http/sql/statement.parser';
import { keys, spawnEngine, SpawnedEngine } from '../../test/support/engine-harness';

const PARTS = Number(process.env.PARTS ?? 100_000);
const PARTITIONS = Number(process.env.PARTITIONS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const PARSES = Number(process.env.PARSES ?? 200_000);
const NOW = '2026-01-01T00:00:00.000Z';
const table = { database: 'bench', table: 'parts' };

async function seed(dataDir: string): Promise<void> {
  const store = new SqliteEventStore({ file: path.join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  const stream = streamName('mergetree', 'acme', 'bench.parts');
  let state = mergeTreeDecider.initialState();
  const pending: MergeTreeEvent[] = [];
  const decide = (command: Parameters<typeof mergeTreeDecider.decide>[0]) => {
    for (const event of mergeTreeDecider.decide(command, state)) {
      state = mergeTreeDecider.evolve(state, event);
      pending.push(event);
    }
  };
  decide({
    type: 'CreateTable',
    table,
    now: NOW,
    ifNotExists: false,
    definition: {
      engine: 'MergeTree',
      columns: [
        { name: 'p', type: 'UInt32' },
        { name: 'x', type: 'UInt64' },
      ],
      indices: [],
      partitionKey: [{ function: 'identity', column: 'p' }],
      orderBy: 'x',
      primaryKey: 'x',
      storagePolicy: 'default',
    },
  });
  for (let i = 0; i < PARTS; i++) {
    decide({
      type: 'AddPart',
      table,
      now: NOW,
      values: [{ kind: 'int', value: String(1 + (i % PARTITIONS)) }],
      rows: 1000,
      bytesOnDisk: 65536,
    });
  }
  let revision: bigint | 'no_stream' = 'no_stream';
  for (let i = 0; i < pending.length; i += 1000) {
    const batch: NewEvent[] = pending.slice(i, i + 1000).map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        tenant: 'acme',
        actor: 'bench',
        commandId: 'seed',
        correlationId: 'seed',
        causationId: 'seed',
        source: 'native',
        occurredAt: NOW,
      },
    }));
    revision = (await store.append(stream, batch, revision)).nextRevision;
  }
  await store.close();
}

const post = (engine: SpawnedEngine, sql: string) =>
  engine.request('POST', '/clickhouse/', {
    rawBody: sql,
    key: keys.operator,
    headers: { 'content-type': 'text/plain' },
  });

/** The baseline: a bare authenticated route of the engine that answers 200. */
async function timedBareRoute(engine: SpawnedEngine): Promise<number> {
  const t0 = performance.now();
  const response = await engine.request('GET', '/engine/v1/whoami', { key: keys.operator });
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`whoami: ${response.status} ${response.text}`);
  return ms;
}

async function timedRequest(engine: SpawnedEngine, sql: string): Promise<number> {
  const t0 = performance.now();
  const response = await post(engine, sql);
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${sql}: ${response.status} ${response.text}`);
  return ms;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { mean: samples.reduce((s, v) => s + v, 0) / samples.length, p50: at(0.5), p95: at(0.95) };
}

const fmt = (s: ReturnType<typeof stats>) =>
  `mean ${s.mean.toFixed(2)} ms, p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`;

function parseRate(): { statements: number; perSecond: number } {
  const statements = [
    'ALTER TABLE bench.parts DETACH PARTITION 4242',
    "ALTER TABLE bench.parts ATTACH PARTITION ID '4242'",
    "ALTER TABLE db.visits DROP DETACHED PART '201901_2_2_0' SETTINGS allow_drop_detached = 1",
    "ALTER TABLE visits DETACH PARTITION tuple(toYYYYMM(toDate('2019-01-25')))",
    "SELECT name, rows, active FROM system.parts WHERE database = 'bench' AND table = 'parts' AND partition_id = '42' FORMAT JSONEachRow",
    "CREATE TABLE IF NOT EXISTS db.t (d Date, x UInt64, s String) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY (d, x) SETTINGS storage_policy = 'default'",
  ];
  const t0 = performance.now();
  for (let i = 0; i < PARSES; i++) parseStatement(statements[i % statements.length]);
  return { statements: PARSES, perSecond: PARSES / ((performance.now() - t0) / 1000) };
}

async function main(): Promise<void> {
  const data = makeTempDir('mergetree-bench-');
  let engine: SpawnedEngine | undefined;
  try {
    console.log(
      `MergeTree benchmark: ${PARTS} parts in ${PARTITIONS} partitions, ${ROUNDS} DETACH+ATTACH round trips`,
    );
    let t0 = performance.now();
    await seed(data.dir);
    console.log(`  seeded ${PARTS + 1} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    t0 = performance.now();
    engine = await spawnEngine({ dataDir: data.dir, env: { READ_YOUR_WRITES_TIMEOUT_MS: '120000' } });
    const last = PARTITIONS;
    for (;;) {
      const response = await post(
        engine,
        `SELECT name FROM system.parts WHERE table = 'parts' AND partition_id = '${last}' FORMAT JSONEachRow`,
      );
      if (
        response.text.trim().split('\n').filter(Boolean).length === Math.ceil((PARTS - last + 1) / PARTITIONS)
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(
      `  engine started and read models caught up in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    t0 = performance.now();
    await timedRequest(engine, 'ALTER TABLE bench.parts DETACH PARTITION 1');
    await timedRequest(engine, 'ALTER TABLE bench.parts ATTACH PARTITION 1');
    console.log(
      `  first round trip (loads the ${PARTS}-part aggregate): ${(performance.now() - t0).toFixed(0)} ms`,
    );

    const baseline: number[] = [];
    const bare: number[] = [];
    const detach: number[] = [];
    const attach: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < 20; i++) await timedRequest(engine, 'SET bench_warmup = 1');
    for (let i = 0; i < 20; i++) await timedBareRoute(engine);
    for (let r = 0; r < ROUNDS; r++) {
      const partition = 1 + ((r * 7919) % PARTITIONS);
      baseline.push(await timedRequest(engine, 'SET bench_baseline = 1'));
      bare.push(await timedBareRoute(engine));
      const d = await timedRequest(engine, `ALTER TABLE bench.parts DETACH PARTITION ${partition}`);
      const a = await timedRequest(engine, `ALTER TABLE bench.parts ATTACH PARTITION ${partition}`);
      detach.push(d);
      attach.push(a);
      roundTrip.push(d + a);
    }
    const check = await post(
      engine,
      `SELECT name FROM system.detached_parts WHERE table = 'parts' FORMAT JSONEachRow`,
    );
    if (check.text.trim() !== '') throw new Error('parts were left detached');

    const b = stats(baseline);
    const rt = stats(roundTrip);
    const w = stats(bare);
    console.log(`  baseline (bare authenticated GET /engine/v1/whoami): ${fmt(w)}`);
    console.log(`  baseline (authenticated POST /clickhouse/ SET, no append): ${fmt(b)}`);
    console.log(`  DETACH PARTITION (${PARTS / PARTITIONS} parts): ${fmt(stats(detach))}`);
    console.log(`  ATTACH PARTITION (${PARTS / PARTITIONS} parts): ${fmt(stats(attach))}`);
    console.log(`  DETACH + ATTACH round trip: ${fmt(rt)}`);
    console.log(
      `  ratio round trip / bare route: mean ${(rt.mean / w.mean).toFixed(2)}x, p50 ${(rt.p50 / w.p50).toFixed(2)}x (target <= 3x)`,
    );
    console.log(
      `  ratio round trip / SET request: mean ${(rt.mean / b.mean).toFixed(2)}x, p50 ${(rt.p50 / b.p50).toFixed(2)}x`,
    );
    console.log(
      `  ratio one statement / baseline request: mean ${(stats(detach).mean / b.mean).toFixed(2)}x (DETACH), ${(stats(attach).mean / b.mean).toFixed(2)}x (ATTACH)`,
    );
    const parses = parseRate();
    console.log(
      `  parser: ${parses.statements} statements in process, ${Math.round(parses.perSecond).toLocaleString('en-US')} statements/s`,
    );
  } finally {
    await engine?.close();
    data.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
