import { EventStore, RecordedEvent } from '@engine/eventstore';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { INSTANCE, LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { API_KEYS, HttpResponse, keys, TENANT, TestEngine } from './engine-harness';

/**
 * A ledger of keyed commands sent by concurrent writers across three families (catalog
 * batch-create, tablet rowsets, segment publishing) to engines that get killed: every command
 * is either acknowledged (its response kept) or in doubt (the connection died), and in-doubt
 * ones are retried with their key until acknowledged. Then the store must hold each command's
 * events exactly once and whole, and the read models must agree with the ledger.
 */
export type Family = 'catalog' | 'compaction' | 'segments';

export interface LedgerCommand {
  key: string;
  family: Family;
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
  apiKey: string | null;
  /** What the command adds: partitions, a rowset on a tablet, segments of a datasource. */
  adds: number;
  tablet?: number;
}

export interface LedgerEntry {
  command: LedgerCommand;
  response?: { status: number; json: unknown };
}

export const TABLE = { catalog: 'ledger', database: 'db', table: 'events' };
export const TABLETS = [101, 102, 103];
export const DATASOURCE = 'ledger_ds';
const INITIAL_ROWSETS = 1;
/** 22 values of 4,000 characters (LakeFormation's per-value limit): ~88 KB per partition. */
const BIG_PARAMETERS = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`k${i}`, 'x'.repeat(4000)]));

/** Seeded PRNG (mulberry32): the same seed plans the same commands and kill points. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  private sequence = 0;

  /** `bigBatch`: partitions of ~88 KB in the one-in-ten large batch-creates (over 1 MiB from 12). */
  constructor(
    private readonly random: () => number,
    private readonly bigBatch = 100,
  ) {}

  /** The next command of a writer of `family`. */
  next(family: Family, writer: string): LedgerCommand {
    const n = ++this.sequence;
    const key = `ledger-${writer}-${n}`;
    const command = build(family, key, n, this.random, this.bigBatch);
    this.entries.set(key, { command });
    return command;
  }

  get inDoubt(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => !e.response);
  }

  get acknowledged(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.response);
  }

  /** What the read models must show once every command is applied once. */
  expected(): { partitions: number; rowsets: Map<number, number>; segments: number } {
    const rowsets = new Map(TABLETS.map((t) => [t, INITIAL_ROWSETS]));
    let partitions = 0;
    let segments = 0;
    for (const { command } of this.entries.values()) {
      if (command.family === 'catalog') partitions += command.adds;
      if (command.family === 'segments') segments += command.adds;
      if (command.family === 'compaction') rowsets.set(command.tablet!, rowsets.get(command.tablet!)! + 1);
    }
    return { partitions, rowsets, segments };
  }
}

function build(
  family: Family,
  key: string,
  n: number,
  random: () => number,
  bigBatch: number,
): LedgerCommand {
  const count = 1 + Math.floor(random() * 4);
  if (family === 'catalog') {
    // One in ten is a large batch (the issue's: 100 partitions of ~88 KB), whole or nothing.
    const big = random() < 0.1;
    const partitions = Array.from({ length: big ? bigBatch : count }, (_, i) =>
      partitionInput([`p${n}-${i}`], big ? { parameters: BIG_PARAMETERS } : {}),
    );
    return {
      key,
      family,
      method: 'POST',
      path: `/v1/${TENANT}/instances/${INSTANCE}/catalogs/${TABLE.catalog}/databases/${TABLE.database}/tables/${TABLE.table}/partitions/batch-create`,
      // if_not_exist=false: a second application would answer 400 "already exists".
      body: { partitions, if_not_exist: false },
      headers: { 'X-Auth-Token': keys.operator, 'Idempotency-Key': key },
      apiKey: null,
      adds: partitions.length,
    };
  }
  if (family === 'compaction') {
    const tablet = TABLETS[Math.floor(random() * TABLETS.length)];
    return {
      key,
      family,
      method: 'POST',
      path: `/engine/v1/tablets/${tablet}/rowsets`,
      body: { size: 100 + n, segments: 1 },
      headers: { 'Idempotency-Key': key },
      apiKey: keys.operator,
      adds: 1,
      tablet,
    };
  }
  // One hour of its own per command, so no segment overshadows another.
  const start = new Date(Date.UTC(2024, 0, 1) + n * 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  const segments = Array.from({ length: count }, (_, i) => ({
    interval: `${start.toISOString()}/${end.toISOString()}`,
    version: `v${String(n).padStart(6, '0')}`,
    partitionNum: i,
    size: 1000 + n,
  }));
  return {
    key,
    family,
    method: 'POST',
    path: `/engine/v1/datasources/${DATASOURCE}/segments`,
    body: { segments },
    headers: { 'Idempotency-Key': key },
    apiKey: keys.operator,
    adds: count,
  };
}

export function send(engine: TestEngine, command: LedgerCommand): Promise<HttpResponse> {
  return engine.request(command.method, command.path, {
    body: command.body,
    headers: command.headers,
    key: command.apiKey,
  });
}

/**
 * A 409 (lost optimistic-concurrency races against another process) and a 503 (the store did not
 * answer within its deadline: the append may or may not have landed) say "retry the request": the
 * writer does, with the same key, as a client would; the key makes the retry exact either way.
 */
export async function sendUntilDecided(engine: TestEngine, command: LedgerCommand): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await send(engine, command);
    if (![409, 503].includes(response.status) || attempt >= 20) return response;
  }
}

/** The table, the tablets: created once, before any writer runs. */
export async function setUpLedgerSubjects(engine: TestEngine): Promise<void> {
  await new LakeFormationClient(engine).createTableWithKeys(TABLE, ['p']);
  for (const tablet of TABLETS) {
    const response = await engine.request('POST', '/engine/v1/tablets', {
      body: {
        tablet_id: tablet,
        table_id: 9,
        schema_hash: 1,
        rowsets: [{ start_version: 0, end_version: 1, size: 1, segments: 1 }],
        cumulative_point: 2,
      },
    });
    if (response.status !== 201) throw new Error(`tablet ${tablet}: ${response.status} ${response.text}`);
  }
}

/**
 * Writers send commands until `stop()` says so; a command whose connection dies stays in doubt
 * and its writer stops. Any answer other than 2xx fails the round.
 */
export async function runWriters(options: {
  ledger: Ledger;
  writers: { name: string; family: Family; engine: () => TestEngine }[];
  /** Called after each acknowledgement; the round ends when every writer has stopped. */
  onAcknowledged: (acknowledged: number) => void;
  stopped: () => boolean;
}): Promise<string[]> {
  const failures: string[] = [];
  let acknowledged = 0;
  await Promise.all(
    options.writers.map(async (writer) => {
      while (!options.stopped()) {
        const command = options.ledger.next(writer.family, writer.name);
        let response: HttpResponse;
        try {
          response = await sendUntilDecided(writer.engine(), command);
        } catch {
          return; // in doubt: the engine died with the request in flight
        }
        if (response.status < 200 || response.status > 299) {
          failures.push(`${command.key}: ${response.status} ${response.text.slice(0, 200)}`);
          return;
        }
        options.ledger.entries.get(command.key)!.response = { status: response.status, json: response.json };
        options.onAcknowledged(++acknowledged);
      }
    }),
  );
  return failures;
}

/** Retries every in-doubt command with its key until it is acknowledged; returns failures. */
export async function retryInDoubt(ledger: Ledger, engine: TestEngine): Promise<string[]> {
  const failures: string[] = [];
  await Promise.all(
    ledger.inDoubt.map(async (entry) => {
      const response = await sendUntilDecided(engine, entry.command);
      if (response.status < 200 || response.status > 299) {
        failures.push(`${entry.command.key}: ${response.status} ${response.text.slice(0, 200)}`);
      } else entry.response = { status: response.status, json: response.json };
    }),
  );
  return failures;
}

/** Re-sends acknowledged commands: each must get its first response back, verbatim. */
export async function resendAcknowledged(
  ledger: Ledger,
  engine: TestEngine,
  limit: number,
): Promise<string[]> {
  const failures: string[] = [];
  for (const entry of ledger.acknowledged.slice(0, limit)) {
    const response = await send(engine, entry.command);
    if (
      response.status !== entry.response!.status ||
      JSON.stringify(response.json) !== JSON.stringify(entry.response!.json)
    ) {
      failures.push(`${entry.command.key}: first ${entry.response!.status}, retry ${response.status}`);
    }
  }
  return failures;
}

/**
 * Every command's events in the store: present (0 lost), from one application (one command
 * id: 0 duplicated), one stream and consecutive revisions (whole: 0 half-applied).
 */
export async function auditStore(ledger: Ledger, store: EventStore): Promise<string[]> {
  const byKey = new Map<string, RecordedEvent[]>();
  for (let from = 0n; ;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 5000 });
    for (const event of page) {
      const key = event.metadata.idempotencyKey;
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    if (page.length < 5000) break;
    from = page[page.length - 1].position;
  }
  const problems: string[] = [];
  for (const [key] of ledger.entries) {
    const events = byKey.get(key) ?? [];
    if (events.length === 0) problems.push(`${key}: lost`);
    else if (new Set(events.map((e) => e.metadata.commandId)).size !== 1)
      problems.push(`${key}: applied twice`);
    else if (new Set(events.map((e) => e.streamName)).size !== 1) problems.push(`${key}: several streams`);
    else if (!events.every((e, i) => i === 0 || e.revision === events[i - 1].revision + 1n))
      problems.push(`${key}: not consecutive`);
  }
  for (const key of byKey.keys()) if (!ledger.entries.has(key)) problems.push(`${key}: not in the ledger`);
  return problems;
}

/** What the read models show, to compare with Ledger.expected(). */
export async function readModels(engine: TestEngine) {
  const partitions = (await new LakeFormationClient(engine).listAll(TABLE, 1000)).length;
  const rowsets = new Map<number, number>();
  for (const tablet of TABLETS) {
    const view = (await engine.request('GET', `/engine/v1/tablets/${tablet}`)).json as { rowsets: unknown[] };
    rowsets.set(tablet, view.rowsets.length);
  }
  const listed = (await engine.request('GET', `/engine/v1/datasources/${DATASOURCE}/segments`)).json as {
    segments: unknown[];
  };
  return { partitions, rowsets, segments: listed.segments.length };
}

/**
 * Waits until every projection of the engine has reached the store's head (true), or one has
 * failed (false). No deadline of its own: the test's timeout bounds it, so load only slows it.
 */
export async function projectionsCaughtUp(engine: TestEngine): Promise<boolean> {
  for (;;) {
    const status = (await engine.request('GET', '/engine/v1/projections', { key: keys.system })).json as {
      projections: { lag: string; state: string }[];
    };
    if (status.projections.some((p) => p.state === 'failed')) return false;
    if (status.projections.every((p) => p.lag === '0')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The replay CLI: every read model rebuilt from the store, compared with the engine's live ones.
 * Spawned asynchronously: the EventStoreDB test server it reads from runs in this process.
 */
export function replayEqualsLive(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string }> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(root, 'apps/engine/src/replay.ts')],
    {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, API_KEYS, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: output });
    }),
  );
}
