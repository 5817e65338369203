/**
 * Segments benchmark (not a test). Publishes SEGMENTS hourly segments in VERSIONS versions over
 * HTTP to one datasource, then times Druid `markUnused` by an interval covering MARK segments and
 * `markUsed` back, end to end (the response is sent once the events are durable; the GET that
 * confirms it waits until the projection shows them, so the time includes the read model). Baseline in the same run: the same UPDATEs on a plain SQLite table of SEGMENTS
 * rows indexed on (datasource, start, end). Prints both, the ratio, and the engine's RSS.
 *
 *   npm run bench:segments     (SEGMENTS=1000000 VERSIONS=4 MARK=100000 BATCH=20000
 *                               ENGINE_MAX_OLD_SPACE_MB=640 by default; ~5 minutes on 2 cores)
 */
import { makeTempDir } from '@engine/testing';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnEngine, SpawnedEngine } from '../../test/support/engine-harness';

const SEGMENTS = Number(process.env.SEGMENTS ?? 1_000_000);
const VERSIONS = Number(process.env.VERSIONS ?? 4);
const MARK = Number(process.env.MARK ?? 100_000);
const BATCH = Number(process.env.BATCH ?? 20_000);
/**
 * V8 heap cap for the engine (a deployment flag, like the JVM's -Xmx for Druid). Without it V8 on
 * a large machine lets garbage pile up far beyond the live set (~300 MB of state for 1M segments).
 * ENGINE_MAX_OLD_SPACE_MB=0 runs without a cap.
 */
const MAX_OLD_SPACE_MB = Number(process.env.ENGINE_MAX_OLD_SPACE_MB ?? 640);
const DS = 'bench_hourly';
const HOUR = 3_600_000;
const ORIGIN = Date.UTC(1990, 0, 1);
const HOURS = Math.ceil(SEGMENTS / VERSIONS);
const iso = (ms: number) => new Date(ms).toISOString();

/** Segment i: hour i / VERSIONS, version i % VERSIONS (several versions per hour). */
function segment(i: number) {
  const start = ORIGIN + Math.floor(i / VERSIONS) * HOUR;
  return { start, end: start + HOUR, version: `2024-01-0${(i % VERSIONS) + 1}T00:00:00.000Z` };
}

/** An interval in the middle of the data covering exactly MARK segments (whole hours). */
function markInterval() {
  const firstHour = Math.floor((HOURS - MARK / VERSIONS) / 2);
  const start = ORIGIN + firstHour * HOUR;
  return { start, end: start + (MARK / VERSIONS) * HOUR };
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await run();
  const ms = performance.now() - t0;
  console.log(`  ${label}: ${ms.toFixed(0)} ms`);
  return { ms, result };
}

async function engineRun(engine: SpawnedEngine) {
  const publishStart = performance.now();
  for (let from = 0; from < SEGMENTS; from += BATCH) {
    const segments = [];
    for (let i = from; i < Math.min(SEGMENTS, from + BATCH); i++) {
      const s = segment(i);
      segments.push({
        interval: `${iso(s.start)}/${iso(s.end)}`,
        version: s.version,
        partitionNum: 0,
        size: 1000 + (i % 997),
      });
    }
    const res = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, { body: { segments } });
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${res.text.slice(0, 300)}`);
  }
  const publishMs = performance.now() - publishStart;
  console.log(
    `  published ${SEGMENTS} segments in ${(publishMs / 1000).toFixed(1)} s (${Math.round(SEGMENTS / (publishMs / 1000))}/s)`,
  );

  const { start, end } = markInterval();
  const interval = `${iso(start)}/${iso(end)}`;
  // The newest version of the first hour: unused after markUnused, used again after markUsed.
  const probe = `${DS}_${iso(start)}_${iso(start + HOUR)}_${segment(VERSIONS - 1).version}`;
  const mark = async (action: 'markUnused' | 'markUsed', expectStatus: number) => {
    const res = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/${action}`, {
      body: { interval },
    });
    const changed = (res.json as { numChangedSegments?: number })?.numChangedSegments;
    // markUsed by interval brings back only the segments no newer version overshadows (Druid).
    const expected = action === 'markUnused' ? MARK : MARK / VERSIONS;
    if (res.status !== 200 || changed !== expected)
      throw new Error(`${action}: ${res.status} ${res.text.slice(0, 300)}`);
    // Read-your-writes: the projection must already show the change.
    const seen = await engine.request(
      'GET',
      `/druid/coordinator/v1/metadata/datasources/${DS}/segments/${probe}`,
    );
    if (seen.status !== expectStatus) throw new Error(`${action}: projection not caught up (${seen.status})`);
  };
  const unused = await timed(`engine markUnused (${MARK} segments, HTTP + projection)`, () =>
    mark('markUnused', 404),
  );
  const used = await timed(`engine markUsed back (${MARK} segments, HTTP + projection)`, () =>
    mark('markUsed', 200),
  );
  return { publishMs, unusedMs: unused.ms, usedMs: used.ms, memory: rssMiB(engine.process.pid as number) };
}

function baselineRun(dir: string) {
  const db = new Database(path.join(dir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // The columns the engine's read model changes: state, last change position and time.
  db.exec(`CREATE TABLE segments (id TEXT PRIMARY KEY, datasource TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, version TEXT NOT NULL, partition_num INTEGER NOT NULL, size INTEGER NOT NULL,
    used INTEGER NOT NULL, changed_position INTEGER NOT NULL, changed_at TEXT NOT NULL);
    CREATE INDEX segments_interval ON segments (datasource, start, "end");`);
  const insert = db.prepare(
    `INSERT INTO segments VALUES (?, ?, ?, ?, ?, 0, ?, 1, 1, '2024-01-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < SEGMENTS; i++) {
      const s = segment(i);
      insert.run(
        `${DS}_${iso(s.start)}_${iso(s.end)}_${s.version}`,
        DS,
        s.start,
        s.end,
        s.version,
        1000 + (i % 997),
      );
    }
  })();
  const { start, end } = markInterval();
  const update = db.prepare(
    'UPDATE segments SET used = ? WHERE datasource = ? AND start >= ? AND "end" <= ? AND used = ?',
  );
  const run = (used: number) => {
    const t0 = performance.now();
    const changed = update.run(used, DS, start, end, 1 - used).changes;
    if (changed !== MARK) throw new Error(`baseline changed ${changed}`);
    return performance.now() - t0;
  };
  const unusedMs = run(0);
  const usedMs = run(1);
  // For reference: the same selection flipping only the flag, as the minimal UPDATE.
  const flag = db.prepare(
    'UPDATE segments SET used = ? WHERE datasource = ? AND start >= ? AND "end" <= ? AND used = ?',
  );
  const flagRun = (used: number) => {
    const t0 = performance.now();
    if (flag.run(used, DS, start, end, 1 - used).changes !== MARK) throw new Error('baseline flag update');
    return performance.now() - t0;
  };
  const flagUnusedMs = flagRun(0);
  const flagUsedMs = flagRun(1);
  db.close();
  console.log(`  baseline UPDATE used=0: ${unusedMs.toFixed(0)} ms, used=1: ${usedMs.toFixed(0)} ms`);
  console.log(
    `  (flag-only UPDATE used=0: ${flagUnusedMs.toFixed(0)} ms, used=1: ${flagUsedMs.toFixed(0)} ms)`,
  );
  return { unusedMs, usedMs, flagUnusedMs, flagUsedMs };
}

async function main() {
  if (MARK % VERSIONS !== 0 || MARK > SEGMENTS)
    throw new Error('MARK must be a multiple of VERSIONS and <= SEGMENTS');
  console.log(
    `segments benchmark: SEGMENTS=${SEGMENTS} VERSIONS=${VERSIONS} MARK=${MARK} BATCH=${BATCH} ENGINE_MAX_OLD_SPACE_MB=${MAX_OLD_SPACE_MB}`,
  );
  const temp = makeTempDir('ple-bench-segments-');
  try {
    console.log(
      'baseline (better-sqlite3, WAL, synchronous=FULL, one UPDATE of used/changed_position/changed_at):',
    );
    const baseline = baselineRun(temp.dir);
    console.log('engine (spawned, embedded SQLite event store):');
    const engine = await spawnEngine({
      dataDir: path.join(temp.dir, 'engine'),
      env: {
        READ_YOUR_WRITES_TIMEOUT_MS: '600000',
        LOG_LEVEL: 'error',
        ...(MAX_OLD_SPACE_MB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${MAX_OLD_SPACE_MB}` } : {}),
      },
    });
    let result;
    try {
      result = await engineRun(engine);
    } finally {
      await engine.close();
    }
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log('\nresults');
    console.log(
      `  markUnused: engine ${result.unusedMs.toFixed(0)} ms vs baseline ${baseline.unusedMs.toFixed(0)} ms -> ${ratio(result.unusedMs, baseline.unusedMs)}x (target <= 3x)`,
    );
    console.log(
      `  markUsed:   engine ${result.usedMs.toFixed(0)} ms vs baseline ${baseline.usedMs.toFixed(0)} ms -> ${ratio(result.usedMs, baseline.usedMs)}x (target <= 3x)`,
    );
    console.log(
      `  vs flag-only UPDATE: markUnused ${ratio(result.unusedMs, baseline.flagUnusedMs)}x, markUsed ${ratio(result.usedMs, baseline.flagUsedMs)}x`,
    );
    console.log(
      `  engine RSS after run: ${result.memory.rss} MiB, peak ${result.memory.peak} MiB (target < 1024 MiB)`,
    );
  } finally {
    temp.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
