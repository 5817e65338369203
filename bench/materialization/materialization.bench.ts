/**
 * Materialization benchmark (not a test). One DAY plan backfilled over YEARS years, then OPS
 * CAN requests alternating clearPartition and updatePartition (backfill) of one-year ranges
 * (365/366 partitions each), sequentially over HTTP against the engine running as a child
 * process. Each response is sent once its events are durable (read models follow on their thread).
 * Baseline in the same run: the same number of sequential requests to a bare authenticated
 * route (`GET /engine/v1/streams/<the plan's stream>/events?limit=1`: guard + one indexed read).
 * Prints ops/s and latency of both, the ratio, and the engine's RSS.
 *
 *   npm run bench:materialization       (YEARS=20 OPS=1000 by default)
 */
import { makeTempDir } from '@engine/testing';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HttpResponse, keys, spawnEngine, SpawnedEngine } from '../../test/support/engine-harness';

const YEARS = Number(process.env.YEARS ?? 20);
const OPS = Number(process.env.OPS ?? 1000);
const FIRST_YEAR = 2006;
const LAST_YEAR = FIRST_YEAR + YEARS - 1;
const CAN_HEADERS = { 'tenant-id': 'acme', 'auth-type': 'APIKEY', 'auth-value': keys.operator };

const yearRange = (year: number) => ({
  dateGranularity: 'DAY',
  startTime: `${year}-01-01T00:00:00`,
  endTime: `${year}-12-31T00:00:00`,
});

const daysBetween = (fromYear: number, toYear: number) =>
  Math.round((Date.UTC(toYear, 0, 1) - Date.UTC(fromYear, 0, 1)) / 86_400_000);

function expectOk(res: HttpResponse, what: string): void {
  if (res.status >= 300 || (res.json as { success?: boolean } | undefined)?.success === false) {
    throw new Error(`${what} failed: ${res.status} ${res.text.slice(0, 300)}`);
  }
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

interface Figures {
  opsPerSecond: number;
  p50: number;
  p99: number;
}

async function measure(count: number, op: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await op(i);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { opsPerSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

const show = (label: string, f: Figures) =>
  console.log(
    `  ${label.padEnd(44)} ${f.opsPerSecond.toFixed(1).padStart(8)} ops/s   p50 ${f.p50.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms`,
  );

async function run(engine: SpawnedEngine): Promise<void> {
  const created = await engine.request('POST', '/engine/v1/materialization/plans', {
    body: { name: 'bench daily', refreshType: 'INCREMENTAL', granularity: 'DAY' },
  });
  expectOk(created, 'create plan');
  const uuid = (created.json as { uuid: string }).uuid;
  const can = (operation: string, body: unknown) =>
    engine.request('POST', `/anymetrics/api/v1/accelerate/plan/${operation}`, {
      body,
      key: null,
      headers: CAN_HEADERS,
    });

  const t0 = performance.now();
  expectOk(
    await can('updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: [{ ...yearRange(FIRST_YEAR), endTime: `${LAST_YEAR}-12-31T00:00:00` }],
    }),
    'initial backfill',
  );
  console.log(`  backfilled ${YEARS} years of DAY partitions in ${(performance.now() - t0).toFixed(0)} ms`);

  // Warm-up: JIT, caches and connections for both routes.
  const bare = `/engine/v1/streams/${encodeURIComponent(`matplan-acme/${uuid}`)}/events?limit=1`;
  for (let i = 0; i < 50; i++)
    expectOk(await engine.request('GET', bare, { key: keys.operator }), 'bare route');
  for (let i = 0; i < 10; i++)
    expectOk(await can('clearPartition', { uuid, timeRange: [yearRange(LAST_YEAR)] }), 'warm-up');
  expectOk(await can('updatePartition', { uuid, successTimeRange: [yearRange(LAST_YEAR)] }), 'warm-up');

  const baseline = await measure(OPS, async () =>
    expectOk(await engine.request('GET', bare, { key: keys.operator }), 'bare'),
  );
  // Op 2k clears year k (cycling through the plan's years), op 2k+1 backfills it again.
  const lifecycle = await measure(OPS, async (i) => {
    const range = [yearRange(FIRST_YEAR + (Math.floor(i / 2) % YEARS))];
    const res =
      i % 2 === 0
        ? await can('clearPartition', { uuid, timeRange: range })
        : await can('updatePartition', { uuid, runType: 'MANUAL', successTimeRange: range });
    expectOk(res, i % 2 === 0 ? 'clearPartition' : 'updatePartition');
  });

  const plan = await engine.request('GET', `/engine/v1/materialization/plans/${uuid}`);
  const counts = (plan.json as { counts: Record<string, number> }).counts;
  const days = daysBetween(FIRST_YEAR, LAST_YEAR + 1);
  // An odd count ends on a clear that was not backfilled again.
  const lastYear = FIRST_YEAR + (Math.floor((OPS - 1) / 2) % YEARS);
  const expectedCleared = OPS % 2 === 1 ? daysBetween(lastYear, lastYear + 1) : 0;
  if (counts.materialized + counts.cleared !== days || counts.cleared !== expectedCleared) {
    throw new Error(
      `unexpected final state ${JSON.stringify(counts)} (expected ${days} partitions, ${expectedCleared} cleared)`,
    );
  }

  console.log(`\nplan of ${days} DAY partitions; ${OPS} requests each, sequential, over HTTP:`);
  show('baseline: bare authenticated GET', baseline);
  show('clearPartition / updatePartition, 1 year each', lifecycle);
  console.log(
    `  ratio (lifecycle / baseline): ${(lifecycle.opsPerSecond / baseline.opsPerSecond).toFixed(3)}`,
  );
  console.log(`  partitions changed per second: ${Math.round(lifecycle.opsPerSecond * 365.25)}`);
  const { rss, peak } = rssMiB(engine.process.pid as number);
  console.log(`  engine RSS ${rss} MiB (peak ${peak} MiB)`);
}

async function main(): Promise<void> {
  console.log(`materialization benchmark: YEARS=${YEARS} OPS=${OPS}`);
  const temp = makeTempDir('ple-bench-matplan-');
  const engine = await spawnEngine({ dataDir: temp.dir });
  try {
    await run(engine);
  } finally {
    await engine.close();
    temp.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
