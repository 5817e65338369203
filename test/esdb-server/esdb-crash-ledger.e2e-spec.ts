import { EventStoreDbEventStore } from '@engine/eventstore';
import { makeTempDir } from '@engine/testing';
import {
  auditStore,
  Family,
  Ledger,
  LedgerCommand,
  prng,
  projectionsCaughtUp,
  readModels,
  replayEqualsLive,
  resendAcknowledged,
  retryInDoubt,
  runWriters,
  send,
  setUpLedgerSubjects,
} from '../support/crash-ledger';
import { SpawnedEngine, spawnEngine, TestEngine } from '../support/engine-harness';
import { EsdbTestServer } from './esdb-test-server';

const SEED = Number(process.env.CRASH_LEDGER_SEED ?? 14);
const ROUNDS = 3;
const FAMILIES: Family[] = ['catalog', 'compaction', 'segments'];

/**
 * The crash ledger on the EventStoreDB adapter with two engine processes on one store (the
 * gRPC test server): engine A is killed (-9) at seeded points while writers use both; in-doubt
 * commands are retried on the OTHER process; the same key is sent to both at once, with the
 * same request (applied once) and with different ones (one 2xx, the other 422).
 */
describe(`crash ledger on EventStoreDB with two engine processes (seed ${SEED})`, () => {
  const dirA = makeTempDir('ple-ledger-a-');
  const dirB = makeTempDir('ple-ledger-b-');
  let server: EsdbTestServer;
  let a: SpawnedEngine | undefined;
  let b: SpawnedEngine | undefined;
  const start = (dir: string) =>
    spawnEngine({ dataDir: dir, env: { EVENTSTORE_CONNECTION_STRING: server.connectionString } });

  beforeAll(async () => {
    server = await EsdbTestServer.start();
  });
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await server.stop();
    dirA.cleanup();
    dirB.cleanup();
  });

  /** The same key to both processes at once with different requests: one wins, the other gets 422. */
  async function conflicting(ledger: Ledger, tag: string): Promise<string[]> {
    const problems: string[] = [];
    for (const family of FAMILIES) {
      const first = ledger.next(family, `conflict-${tag}`);
      const second: LedgerCommand = { ...ledger.next(family, `conflict-${tag}`), key: first.key };
      second.headers = { ...second.headers, 'Idempotency-Key': first.key };
      ledger.entries.delete([...ledger.entries.keys()].pop()!);
      const [ra, rb] = await Promise.all([send(a!, first), send(b!, second)]);
      const statuses = [ra.status, rb.status];
      const won = statuses.filter((s) => s >= 200 && s < 300).length;
      if (won !== 1 || !statuses.includes(422)) problems.push(`${first.key}: ${statuses.join(', ')}`);
      // The ledger keeps the request that won.
      const winner = ra.status === 422 ? second : first;
      const response = ra.status === 422 ? rb : ra;
      ledger.entries.set(first.key, {
        command: winner,
        response: { status: response.status, json: response.json },
      });
    }
    return problems;
  }

  /** The same key and request to both at once: both succeed, the change is stored once. */
  async function duplicated(ledger: Ledger, tag: string): Promise<string[]> {
    const command = ledger.next('compaction', `duplicate-${tag}`);
    const [ra, rb] = await Promise.all([send(a!, command), send(b!, command)]);
    if (ra.status !== 201 || rb.status !== 201) return [`${command.key}: ${ra.status}, ${rb.status}`];
    ledger.entries.get(command.key)!.response = { status: ra.status, json: ra.json };
    return [];
  }

  it('applies every command once and whole across kill -9, two processes and same-key races', async () => {
    const random = prng(SEED);
    // Large batches of 15 partitions (~1.3 MB): split by the adapter into parts, killed mid-way too.
    const ledger = new Ledger(random, 15);
    a = await start(dirA.dir);
    b = await start(dirB.dir);
    await setUpLedgerSubjects(a);
    const writers = FAMILIES.flatMap((family) =>
      [0, 1, 2].map((i) => ({
        name: `${family}${i}`,
        family,
        engine: (): TestEngine => (i % 2 === 0 ? a! : b!),
      })),
    );

    let inDoubt = 0;
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        inDoubt += ledger.inDoubt.length;
        // Retried on the other process, while the killed one restarts.
        expect(await retryInDoubt(ledger, b)).toEqual([]);
        a = await start(dirA.dir);
      }
      expect(await conflicting(ledger, `r${round}`)).toEqual([]);
      expect(await duplicated(ledger, `r${round}`)).toEqual([]);
      const killAfter = 15 + Math.floor(random() * 40);
      const current = a;
      let killed = false;
      const failures = await runWriters({
        ledger,
        writers,
        onAcknowledged: (count) => {
          if (count >= killAfter && !killed) {
            killed = true;
            void current.kill('SIGKILL');
          }
        },
        stopped: () => killed,
      });
      expect(failures).toEqual([]);
      expect((await current.exited).signal).toBe('SIGKILL');
    }

    inDoubt += ledger.inDoubt.length;
    expect(await retryInDoubt(ledger, b)).toEqual([]);
    a = await start(dirA.dir);
    expect(ledger.inDoubt).toEqual([]);
    expect(inDoubt).toBeGreaterThanOrEqual(ROUNDS);
    // Both processes answer retries with the first responses.
    expect(await resendAcknowledged(ledger, a, 40)).toEqual([]);
    expect(await resendAcknowledged(ledger, b, 40)).toEqual([]);

    const store = new EventStoreDbEventStore(server.connectionString);
    try {
      expect(await auditStore(ledger, store)).toEqual([]);
    } finally {
      await store.close();
    }
    for (const engine of [a, b]) {
      expect(await projectionsCaughtUp(engine)).toBe(true);
      expect(await readModels(engine)).toEqual(ledger.expected());
    }
    const replay = await replayEqualsLive(dirB.dir, {
      EVENTSTORE_CONNECTION_STRING: server.connectionString,
    });
    expect(replay.stdout).not.toContain('DIFFERS');
    expect(replay.status).toBe(0);
  }, 300_000);
});
