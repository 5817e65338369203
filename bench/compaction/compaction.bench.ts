/**
 * Compaction benchmark (not a test). TABLETS tablets of ROWSETS single-version rowsets each
 * (cumulative point in the middle) are registered in one table; then
 *   1. a cumulative compaction is triggered on every tablet through
 *      `POST /api/compaction/run?tablet_id=` (CONCURRENCY requests in flight), and
 *   2. a full compaction of the whole table through one `POST /api/compaction/run?table_id=`;
 * each phase is timed until every tablet reports `run_status: false` (the built-in executor,
 * COMPACTION_DELAY_MS=0, has started and completed every compaction). The engine runs as a
 * child process. Baseline in the same run: TABLETS requests at the same concurrency to a bare
 * authenticated route (`GET /engine/v1/streams/<one tablet's stream>/events?limit=1`: guard + one one-event read).
 *
 *   npm run bench:compaction            (TABLETS=10000 ROWSETS=50 CONCURRENCY=16 by default: ~6 min on
 *                                        2 shared cores; TABLETS=4000 takes ~2.5 min)
 */
import { makeTempDir } from '@engine/testing';
import { performance } from 'node:perf_hooks';
import { HttpResponse, keys, spawnEngine, SpawnedEngine } from '../../test/support/engine-harness';

const TABLETS = Number(process.env.TABLETS ?? 10_000);
const ROWSETS = Number(process.env.ROWSETS ?? 50);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const TABLE_ID = 4242;
const FIRST_TABLET = 100_000;
const MiB = 1024 * 1024;
const tabletIds = Array.from({ length: TABLETS }, (_, i) => FIRST_TABLET + i);

function expect200(res: HttpResponse, what: string, success = true): void {
  const status = (res.json as { status?: string } | undefined)?.status;
  if (res.status >= 300 || (success && status !== undefined && status !== 'Success')) {
    throw new Error(`${what} failed: ${res.status} ${res.text.slice(0, 300)}`);
  }
}

/** Runs `op` over every item with CONCURRENCY in flight; returns elapsed ms. */
async function pool<T>(items: readonly T[], op: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await op(items[next++]);
    }),
  );
  return performance.now() - started;
}

/** Waits until run_status reports every tablet not running (checked in order, re-polling a busy one). */
async function untilIdle(engine: SpawnedEngine): Promise<void> {
  await pool(tabletIds, async (id) => {
    for (;;) {
      const res = await engine.request('GET', `/api/compaction/run_status?tablet_id=${id}`, {
        key: keys.reader,
      });
      expect200(res, 'run_status');
      if ((res.json as { run_status: boolean }).run_status === false) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
}

async function tabletOf(engine: SpawnedEngine, id: number) {
  const res = await engine.request('GET', `/engine/v1/tablets/${id}`, { key: keys.reader });
  return res.json as { cumulative_point: number; rowsets: unknown[]; compactions: { status: string }[] };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (count: number, ms: number) => `${Math.round((count * 1000) / ms)}/s`;

async function run(engine: SpawnedEngine): Promise<void> {
  const rowsets = Array.from({ length: ROWSETS }, (_, v) => ({
    start_version: v,
    end_version: v,
    size: MiB,
    segments: 1,
  }));
  const point = Math.floor(ROWSETS / 2);
  const registerMs = await pool(tabletIds, async (id) => {
    const body = {
      tablet_id: id,
      table_id: TABLE_ID,
      schema_hash: 700967178,
      rowsets,
      cumulative_point: point,
    };
    expect200(
      await engine.request('POST', '/engine/v1/tablets', { body, key: keys.operator }),
      `register ${id}`,
    );
  });
  console.log(
    `  registered ${TABLETS} tablets x ${ROWSETS} rowsets in ${seconds(registerMs)} (${perSecond(TABLETS, registerMs)})`,
  );

  const bare = `/engine/v1/streams/${encodeURIComponent(`tablet-acme/${FIRST_TABLET}`)}/events?limit=1`;
  for (let i = 0; i < 200; i++)
    expect200(await engine.request('GET', bare, { key: keys.operator }), 'warm-up');
  const baselineMs = await pool(tabletIds, async () => {
    expect200(await engine.request('GET', bare, { key: keys.operator }), 'bare route');
  });

  // Phase 1: one request per tablet, then until no tablet runs.
  const t1 = performance.now();
  const triggerMs = await pool(tabletIds, async (id) => {
    const res = await engine.request('POST', `/api/compaction/run?tablet_id=${id}&compact_type=cumulative`, {
      key: keys.operator,
    });
    expect200(res, `cumulative ${id}`);
  });
  await untilIdle(engine);
  const tabletRouteMs = performance.now() - t1;
  const sample = await tabletOf(engine, FIRST_TABLET + TABLETS - 1);
  if (sample.rowsets.length !== point + 1 || sample.compactions[0]?.status !== 'completed') {
    throw new Error(
      `cumulative compaction did not merge as expected: ${JSON.stringify(sample).slice(0, 300)}`,
    );
  }

  // Phase 2: one request for the whole table (Doris makes it a full compaction).
  const t2 = performance.now();
  expect200(
    await engine.request('POST', `/api/compaction/run?table_id=${TABLE_ID}&compact_type=cumulative`, {
      key: keys.operator,
    }),
    'table route',
  );
  const tableRequestMs = performance.now() - t2;
  await untilIdle(engine);
  const tableRouteMs = performance.now() - t2;
  const merged = await tabletOf(engine, FIRST_TABLET);
  if (merged.rowsets.length !== 1 || merged.cumulative_point !== ROWSETS) {
    throw new Error(`full compaction did not merge as expected: ${JSON.stringify(merged).slice(0, 300)}`);
  }

  console.log(`\n${TABLETS} tablets, ${CONCURRENCY} requests in flight, built-in executor:`);
  console.log(
    `  baseline: ${TABLETS} bare authenticated GETs        ${seconds(baselineMs).padStart(8)}  (${perSecond(TABLETS, baselineMs)})`,
  );
  console.log(
    `  tablet_id route: trigger ${seconds(triggerMs)}, until all idle ${seconds(tabletRouteMs).padStart(8)}  (${perSecond(TABLETS, tabletRouteMs)} compactions)  ratio ${(tabletRouteMs / baselineMs).toFixed(2)}x baseline`,
  );
  console.log(
    `  table_id route:  request ${seconds(tableRequestMs)}, until all idle ${seconds(tableRouteMs).padStart(8)}  (${perSecond(TABLETS, tableRouteMs)} compactions)  ratio ${(tableRouteMs / baselineMs).toFixed(2)}x baseline`,
  );
}

async function main(): Promise<void> {
  console.log(`compaction benchmark: TABLETS=${TABLETS} ROWSETS=${ROWSETS} CONCURRENCY=${CONCURRENCY}`);
  const temp = makeTempDir('ple-bench-compaction-');
  const engine = await spawnEngine({
    dataDir: temp.dir,
    env: { COMPACTION_EXECUTOR: 'builtin', COMPACTION_DELAY_MS: '0' },
  });
  try {
    await run(engine);
  } finally {
    await engine.kill('SIGTERM');
    temp.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
