/**
 * Catalog benchmark (not a test). Over HTTP, LakeFormation batch-create of BATCH partitions per
 * call into one table until it holds PARTITIONS, then lists them all page by page (PAGE per
 * page), with CONCURRENCY clients creating at once. A create answers once its events are durable;
 * the listing waits until the read model shows them all (read-your-writes is paid by reads).
 * Baseline in the same run: the same rows inserted with better-sqlite3 in BATCH-row
 * transactions (WAL, synchronous=FULL, like the engine's event store) and read back with the
 * same keyset pages, once before and once after the engine (the ratio uses their mean). Prints
 * partitions/s for both and the ratio (target >= 25% for creation), and the CPU both the engine
 * and this process (the load generator) spent per call: they share the machine's two cores.
 *
 *   npm run bench:catalog     (PARTITIONS=100000 BATCH=100 PAGE=1000 CONCURRENCY=4 by default)
 */
import { makeTempDir } from '@engine/testing';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { keys, spawnEngine, SpawnedEngine, TENANT } from '../../test/support/engine-harness';

const PARTITIONS = Number(process.env.PARTITIONS ?? 100_000);
const BATCH = Number(process.env.BATCH ?? 100);
const PAGE = Number(process.env.PAGE ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
/** LakeFormation authenticates by X-Auth-Token, not the Bearer key the harness sends by default. */
const AS_OPERATOR = { key: null, headers: { 'X-Auth-Token': keys.operator } };
const TABLE = `/v1/${TENANT}/instances/bench/catalogs/hive/databases/dw/tables`;

/** Partition i: a day and an hour, three columns, a location and a few parameters (~1 KiB of JSON). */
function partition(i: number) {
  const day = `2020-01-01+${String(Math.floor(i / 24)).padStart(5, '0')}`;
  const hour = String(i % 24).padStart(2, '0');
  return {
    partition_values: [day, hour],
    create_time: '2023-05-26T08:03:42.267Z',
    last_access_time: '2023-05-26T08:03:42.267Z',
    parameters: {
      transient_lastDdlTime: '1685088222',
      numRows: String(1000 + i),
      totalSize: String(65536 + i),
    },
    storage_descriptor: {
      columns: [
        { column_name: 'user_id', column_type: 'bigint', comment: 'who' },
        { column_name: 'event', column_type: 'string', comment: 'what' },
        { column_name: 'amount', column_type: 'decimal(10,2)' },
      ],
      location: `obs://warehouse/dw/events/day=${day}/hour=${hour}`,
      compressed: false,
      input_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      output_format: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serde_info: {
        serialization_library: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        parameters: {},
      },
      parameters: { 'parquet.compression': 'SNAPPY' },
    },
  };
}

async function call(engine: SpawnedEngine, method: string, p: string, body?: unknown) {
  const res = await engine.request(method, p, {
    body,
    ...AS_OPERATOR,
  });
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

/** CPU time (ms) the engine process has used so far, user and system (Linux /proc; 0 elsewhere). */
function engineCpuMs(engine: SpawnedEngine): { user: number; system: number } {
  try {
    const fields = fs.readFileSync(`/proc/${engine.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return { user: 0, system: 0 };
  }
}

async function engineRun(engine: SpawnedEngine) {
  await call(engine, 'POST', `/v1/${TENANT}/instances/bench/catalogs`, { catalog_name: 'hive' });
  await call(engine, 'POST', `/v1/${TENANT}/instances/bench/catalogs/hive/databases`, {
    database_name: 'dw',
  });
  await call(engine, 'POST', TABLE, {
    table_name: 'events',
    partition_keys: [
      { column_name: 'day', column_type: 'string' },
      { column_name: 'hour', column_type: 'string' },
    ],
  });
  const createStart = performance.now();
  const cpuBefore = engineCpuMs(engine);
  const clientCpuBefore = process.cpuUsage();
  let next = 0;
  // CONCURRENCY clients, each sending its next batch as soon as the previous one was answered.
  const client = async () => {
    for (let from = next; from < PARTITIONS; from = next) {
      next += BATCH;
      const partitions = [];
      for (let i = from; i < Math.min(PARTITIONS, from + BATCH); i++) partitions.push(partition(i));
      const res = await engine.request('POST', `${TABLE}/events/partitions/batch-create`, {
        body: { if_not_exist: false, partitions },
        ...AS_OPERATOR,
        parseJson: false,
      });
      // Counted in the text rather than parsed: the load generator shares the engine's two cores.
      const created = res.text.split('"partition_id":').length - 1;
      if (res.status !== 201 || created !== partitions.length)
        throw new Error(
          `created ${created} of ${partitions.length}: ${res.status} ${res.text.slice(0, 300)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const createMs = performance.now() - createStart;
  const cpuNow = engineCpuMs(engine);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const createCpu = { user: cpuNow.user - cpuBefore.user, system: cpuNow.system - cpuBefore.system };

  const listStart = performance.now();
  let listed = 0;
  let marker: string | null = null;
  do {
    const query: string = `?limit=${PAGE}${marker ? `&marker=${marker}` : ''}`;
    const page = (await call(engine, 'GET', `${TABLE}/events/partitions${query}`)) as {
      partitions: unknown[];
      page_info: { next_marker: string | null };
    };
    listed += page.partitions.length;
    marker = page.page_info.next_marker;
  } while (marker);
  const listMs = performance.now() - listStart;
  if (listed !== PARTITIONS) throw new Error(`listed ${listed} of ${PARTITIONS}`);
  return { createMs, listMs, createCpu, clientCpuMs: (clientCpu.user + clientCpu.system) / 1000 };
}

function baselineRun(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // The projection's table, as catalog-partitions.projection.ts creates it.
  db.exec(`CREATE TABLE partitions (table_id INTEGER NOT NULL, sort_key TEXT NOT NULL, partition_id TEXT NOT NULL,
    location TEXT, create_time TEXT NOT NULL, last_access_time TEXT NOT NULL, parameters TEXT NOT NULL,
    storage_descriptor TEXT NOT NULL);
    CREATE UNIQUE INDEX partitions_by_values ON partitions (table_id, sort_key);`);
  const insert = db.prepare('INSERT INTO partitions VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertBatch = db.transaction((rows: ReturnType<typeof partition>[], from: number) => {
    rows.forEach((p, k) => {
      insert.run(
        1,
        JSON.stringify(p.partition_values),
        `p${from + k}`,
        p.storage_descriptor.location,
        p.create_time,
        p.last_access_time,
        JSON.stringify(p.parameters),
        JSON.stringify(p.storage_descriptor),
      );
    });
  });
  const createStart = performance.now();
  for (let from = 0; from < PARTITIONS; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(PARTITIONS, from + BATCH); i++) rows.push(partition(i));
    insertBatch(rows, from);
  }
  const createMs = performance.now() - createStart;

  const page = db.prepare(
    'SELECT * FROM partitions WHERE table_id = ? AND sort_key > ? ORDER BY sort_key LIMIT ?',
  );
  const listStart = performance.now();
  let listed = 0;
  let after = '';
  for (;;) {
    const rows = page.all(1, after, PAGE) as {
      sort_key: string;
      parameters: string;
      storage_descriptor: string;
    }[];
    for (const r of rows) JSON.parse(r.storage_descriptor);
    listed += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.sort_key;
  }
  const listMs = performance.now() - listStart;
  db.close();
  if (listed !== PARTITIONS) throw new Error(`baseline listed ${listed}`);
  return { createMs, listMs };
}

async function main() {
  console.log(
    `catalog benchmark: PARTITIONS=${PARTITIONS} BATCH=${BATCH} PAGE=${PAGE} CONCURRENCY=${CONCURRENCY}`,
  );
  const temp = makeTempDir('ple-bench-catalog-');
  try {
    // Measured before and after the engine, and averaged: this machine's disk and CPU drift
    // between runs by tens of percent, and the engine's phase sits between the two.
    const before = baselineRun(path.join(temp.dir, 'baseline-1.sqlite'));
    const engine = await spawnEngine({
      dataDir: path.join(temp.dir, 'engine'),
      env: {
        READ_YOUR_WRITES_TIMEOUT_MS: '600000',
        LOG_LEVEL: 'error',
        // Passed on to compare a setting's cost (e.g. SQLITE_SYNCHRONOUS=NORMAL, PROJECTION_THREAD=main).
        ...Object.fromEntries(
          ['SQLITE_SYNCHRONOUS', 'PROJECTION_THREAD'].flatMap((k) =>
            process.env[k] ? [[k, process.env[k]!]] : [],
          ),
        ),
      },
    });
    let result;
    try {
      result = await engineRun(engine);
    } finally {
      await engine.close();
    }
    const after = baselineRun(path.join(temp.dir, 'baseline-2.sqlite'));
    const baseline = {
      createMs: (before.createMs + after.createMs) / 2,
      listMs: (before.listMs + after.listMs) / 2,
    };
    const rateOf = (ms: number) => Math.round(PARTITIONS / (ms / 1000));
    console.log(
      `baseline runs: creation ${rateOf(before.createMs)} and ${rateOf(after.createMs)} partitions/s, listing ${rateOf(before.listMs)} and ${rateOf(after.listMs)} partitions/s`,
    );
    const rate = (ms: number) => Math.round(PARTITIONS / (ms / 1000));
    const line = (what: string, e: number, b: number, target: string) =>
      console.log(
        `  ${what}: engine ${rate(e)} partitions/s (${(e / 1000).toFixed(1)} s) vs baseline ${rate(b)} partitions/s (${(b / 1000).toFixed(1)} s) -> ${((b / e) * 100).toFixed(1)}% of baseline${target}`,
      );
    console.log('results');
    line('batch-create', result.createMs, baseline.createMs, ' (target >= 25%)');
    line('list pages  ', result.listMs, baseline.listMs, '');
    const { user, system } = result.createCpu;
    if (user + system > 0) {
      const calls = Math.ceil(PARTITIONS / BATCH);
      console.log(
        `  engine CPU while creating: ${((user + system) / calls).toFixed(2)} ms per ${BATCH}-partition call (user ${(user / calls).toFixed(2)}, system ${(system / calls).toFixed(2)}), ${(((user + system) / result.createMs) * 100).toFixed(0)}% of one core`,
      );
      console.log(
        `  bench client CPU while creating (shares the machine): ${(result.clientCpuMs / calls).toFixed(2)} ms per call`,
      );
    }
  } finally {
    temp.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
