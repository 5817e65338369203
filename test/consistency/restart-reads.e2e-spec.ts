import { makeTempDir } from '@engine/testing';
import { SpawnedEngine, spawnEngine } from '../support/engine-harness';
import { publish, usedSegments } from './consistency-support';

const RESTARTS = 4;
const WRITES_PER_ROUND = 120;
const WRITERS = 8;

/**
 * After a kill -9 and a restart on the embedded store, the first read (without any position)
 * shows every acknowledged write: reads wait for the read models to reach the store head as of
 * start, whatever the projections had applied before the crash.
 */
describe('reads right after a restart on the embedded store', () => {
  const dir = makeTempDir('ple-consistency-restart-');
  let engine: SpawnedEngine | undefined;
  afterAll(async () => {
    await engine?.kill();
    dir.cleanup();
  });

  it(`never miss an acknowledged write (${RESTARTS} kill -9 restarts)`, async () => {
    let acknowledged = 0;
    const stale: string[] = [];
    for (let round = 0; round < RESTARTS; round++) {
      engine = await spawnEngine({ dataDir: dir.dir });
      const running = engine;
      let next = acknowledged;
      const end = acknowledged + WRITES_PER_ROUND;
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (next < end) await publish(running, 'restart_ds', next++);
        }),
      );
      acknowledged = end;
      await running.kill('SIGKILL');
      engine = await spawnEngine({ dataDir: dir.dir });
      const read = await usedSegments(engine, 'restart_ds');
      if (read.status !== 200 || read.count !== acknowledged) {
        stale.push(`round ${round}: ${read.status}, ${read.count} of ${acknowledged}`);
      }
      await engine.kill('SIGKILL');
      engine = undefined;
    }
    console.log(`reads right after ${RESTARTS} restarts: ${stale.length} stale of ${RESTARTS}`);
    expect(stale).toEqual([]);
  }, 300_000);
});
