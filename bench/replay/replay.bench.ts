/**
 * Replay benchmark (not a test). In one run on one machine:
 *  1. writes EVENTS events (default 1,000,000) across the families' categories, in their real
 *     shapes, straight into a SqliteEventStore in a temporary DATA_DIR;
 *  2. a raw better-sqlite3 read + JSON.parse loop over the same store (the ceiling);
 *  3. full replay: the engine's projections (registered exactly as the app does) from 0 to the head;
 *  4. SSE delivery to SUBSCRIBERS (default 50) concurrent subscribers against the running engine,
 *     each reading the last SSE_EVENTS (default 20,000) events.
 *
 *   npm run bench:replay        EVENTS=200000 SUBSCRIBERS=10 SSE_EVENTS=5000 npm run bench:replay
 */
import 'reflect-metadata';
import { SqliteEventStore } from '@engine/eventstore';
import { loadConfig, ProjectionRegistry } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { AppModule } from '../../apps/engine/src/app.module';
import { API_KEYS, keys, startEngine } from '../../test/support/engine-harness';
import { FAMILIES } from './family-events';
import { deliverToSubscribers } from './sse-subscribers';

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 50);
const SSE_EVENTS = Number(process.env.SSE_EVENTS ?? 20_000);
const CHUNK = 100;

const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));
/** CPU milliseconds (user + system) of this process: on a shared machine, wall time mostly measures the neighbours. */
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const fmt = (n: number) => n.toLocaleString('en-US');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function writeEvents(file: string): Promise<number> {
  const store = new SqliteEventStore({ file, synchronous: 'OFF' });
  const perFamily = Math.floor(EVENTS / FAMILIES.length);
  let written = 0;
  for (const family of FAMILIES) {
    const streams = Math.ceil(perFamily / family.perStream);
    let pending: Promise<unknown>[] = [];
    for (let s = 0; s < streams; s++) {
      const length = Math.min(family.perStream, perFamily - s * family.perStream);
      for (let n = 0; n < length; n += CHUNK) {
        const events = Array.from({ length: Math.min(CHUNK, length - n) }, (_, i) => family.next(s, n + i));
        // Each stream's chunks go in order; chunks of many streams share one group commit.
        pending.push(store.append(family.stream(s), events, 'any'));
        written += events.length;
        if (pending.length >= 64) {
          await Promise.all(pending);
          pending = [];
        }
      }
    }
    await Promise.all(pending);
  }
  await store.close();
  return written;
}

function rawReadLoop(file: string): { events: number; ms: number; cpu: number } {
  const db = new Database(file, { readonly: true });
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
  );
  const started = performance.now();
  const cpu = process.cpuUsage();
  let position = 0;
  let events = 0;
  let checksum = 0;
  for (;;) {
    const rows = page.all(position, 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const data = JSON.parse(row.data) as object;
      const metadata = JSON.parse(row.metadata) as { tenant: string };
      checksum += Object.keys(data).length + metadata.tenant.length;
      position = row.position;
      events++;
    }
  }
  db.close();
  if (checksum === 0) throw new Error('nothing read');
  return { events, ms: performance.now() - started, cpu: cpuMs(cpu) };
}

async function replayProjections(dataDir: string, head: bigint) {
  const config = loadConfig({ DATA_DIR: dataDir, API_KEYS, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'OFF' });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  const registry = app.get(ProjectionRegistry);
  while (!(await registry.waitFor(head, 60_000))) log('  ...replaying');
  const ms = performance.now() - started;
  const cpuUsed = cpuMs(cpu);
  const statuses = await registry.status();
  await app.close();
  return { ms, cpu: cpuUsed, statuses };
}

async function main(): Promise<void> {
  const temp = makeTempDir('ple-bench-replay-');
  const file = path.join(temp.dir, 'events.sqlite');
  try {
    log(`replay benchmark: ${fmt(EVENTS)} events over ${FAMILIES.map((f) => f.category).join(', ')}`);
    let started = performance.now();
    const written = await writeEvents(file);
    log(`write      ${fmt(written)} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const raw = rawReadLoop(file);
    const rawRate = rate(raw.events, raw.ms);
    log(
      `raw read   ${fmt(raw.events)} events in ${(raw.ms / 1000).toFixed(1)} s = ${fmt(rawRate)} events/s (read + JSON.parse)`,
    );

    const head = BigInt(written);
    const replay = await replayProjections(temp.dir, head);
    const replayRate = rate(written, replay.ms);
    log(
      `replay     ${fmt(written)} events into ${replay.statuses.length} projections in ${(replay.ms / 1000).toFixed(1)} s = ${fmt(replayRate)} events/s`,
    );
    for (const s of replay.statuses)
      log(
        `             ${s.name.padEnd(24)} ${s.state.padEnd(8)} applied ${fmt(s.eventsApplied)}${s.lastError ? `  ERROR ${s.lastError.message}` : ''}`,
      );
    const percent = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    log(`ratio      replay / raw = ${percent(replayRate, rawRate)} by wall time (target >= 60%)`);
    log(
      `           replay / raw = ${percent(rate(written, replay.cpu), rate(raw.events, raw.cpu))} by CPU time (${fmt(rate(raw.events, raw.cpu))} vs ${fmt(rate(written, replay.cpu))} events per CPU-second)`,
    );

    const engine = await startEngine({ dataDir: temp.dir, env: { SQLITE_SYNCHRONOUS: 'OFF' } });
    try {
      started = performance.now();
      const cpu = process.cpuUsage();
      const from = head > BigInt(SSE_EVENTS) ? head - BigInt(SSE_EVENTS) : 0n;
      const delivered = await deliverToSubscribers(
        engine.baseUrl,
        keys.reader,
        SUBSCRIBERS,
        from,
        Number(head - from),
      );
      const ms = performance.now() - started;
      const used = cpuMs(cpu);
      log(
        `sse        ${SUBSCRIBERS} subscribers x ${fmt(Number(head - from))} events = ${fmt(delivered)} deliveries in ${(ms / 1000).toFixed(1)} s = ${fmt(rate(delivered, ms))} events/s (${fmt(rate(delivered, used))} per CPU-second, engine and clients in this process)`,
      );
    } finally {
      await engine.close();
    }
  } finally {
    temp.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
