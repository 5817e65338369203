import { SqliteEventStore } from '@engine/eventstore';
import { makeTempDir } from '@engine/testing';
import * as path from 'node:path';
import {
  auditStore,
  Family,
  Ledger,
  prng,
  projectionsCaughtUp,
  readModels,
  replayEqualsLive,
  resendAcknowledged,
  retryInDoubt,
  runWriters,
  setUpLedgerSubjects,
} from '../support/crash-ledger';
import { SpawnedEngine, spawnEngine } from '../support/engine-harness';

const SEED = Number(process.env.CRASH_LEDGER_SEED ?? 14);
const ROUNDS = 3;
const FAMILIES: Family[] = ['catalog', 'compaction', 'segments'];

/**
 * kill -9 of an engine process (embedded SQLite store) while 9 writers across three families
 * send keyed commands, at seeded points (after a seeded number of acknowledgements); after each
 * restart every in-doubt command is retried with its key. The store must hold every command
 * once and whole, retries must get the first responses, and the read models must equal both
 * the ledger and a full replay.
 */
describe(`crash ledger on the embedded store (seed ${SEED})`, () => {
  const temp = makeTempDir('ple-crash-ledger-');
  let engine: SpawnedEngine | undefined;
  afterAll(async () => {
    await engine?.kill();
    temp.cleanup();
  });

  it('loses, duplicates and half-applies nothing across kill -9 and keyed retries', async () => {
    const random = prng(SEED);
    const ledger = new Ledger(random);
    engine = await spawnEngine({ dataDir: temp.dir });
    await setUpLedgerSubjects(engine);
    const writers = FAMILIES.flatMap((family) =>
      [0, 1, 2].map((i) => ({ name: `${family}${i}`, family, engine: () => engine! })),
    );

    let inDoubt = 0;
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        engine = await spawnEngine({ dataDir: temp.dir });
        inDoubt += ledger.inDoubt.length;
        expect(await retryInDoubt(ledger, engine)).toEqual([]);
      }
      const killAfter = 15 + Math.floor(random() * 40);
      const current = engine!;
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

    engine = await spawnEngine({ dataDir: temp.dir });
    inDoubt += ledger.inDoubt.length;
    expect(await retryInDoubt(ledger, engine)).toEqual([]);
    expect(ledger.inDoubt).toEqual([]);
    // Every kill left commands in flight (the writers never wait for each other).
    expect(inDoubt).toBeGreaterThanOrEqual(ROUNDS);
    expect(await resendAcknowledged(ledger, engine, 60)).toEqual([]);

    const store = new SqliteEventStore({ file: path.join(temp.dir, 'events.sqlite'), readonly: true });
    try {
      expect(await auditStore(ledger, store)).toEqual([]);
    } finally {
      await store.close();
    }
    expect(await projectionsCaughtUp(engine)).toBe(true);
    expect(await readModels(engine)).toEqual(ledger.expected());
    const replay = await replayEqualsLive(temp.dir);
    expect(replay.stdout).not.toContain('DIFFERS');
    expect(replay.status).toBe(0);
  }, 240_000);
});
