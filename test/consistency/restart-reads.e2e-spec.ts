import { makeTempDir } from '@engine/testing';
import { EsdbTestServer } from '../esdb-server/esdb-test-server';
import { SpawnedEngine, spawnEngine } from '../support/engine-harness';
import { publish, usedSegments } from './consistency-support';

const RESTARTS = 4;
const WRITES_PER_ROUND = 120;
const WRITERS = 8;

/**
 * After a kill -9 and a restart, the first read (without any position) shows every
 * acknowledged write: reads wait for the read models to reach the store head as of start,
 * whatever the projections had applied before the crash. (Without that wait: 4 stale reads in
 * 4 restarts on the embedded store.)
 */
describe.each(['sqlite', 'esdb-double'] as const)('reads right after a restart (%s)', (storeKind) => {
  const dir = makeTempDir('ple-consistency-restart-');
  let server: EsdbTestServer | undefined;
  let engine: SpawnedEngine | undefined;
  const start = () =>
    spawnEngine({
      dataDir: dir.dir,
      env: server ? { EVENTSTORE_CONNECTION_STRING: server.connectionString } : {},
    });
  beforeAll(async () => {
    if (storeKind === 'esdb-double') server = await EsdbTestServer.start();
  });
  afterAll(async () => {
    await engine?.kill();
    await server?.stop();
    dir.cleanup();
  });

  it(`never miss an acknowledged write (${RESTARTS} kill -9 restarts)`, async () => {
    let acknowledged = 0;
    const stale: string[] = [];
    for (let round = 0; round < RESTARTS; round++) {
      engine = await start();
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
      engine = await start();
      const read = await usedSegments(engine, 'restart_ds');
      if (read.status !== 200 || read.count !== acknowledged) {
        stale.push(`round ${round}: ${read.status}, ${read.count} of ${acknowledged}`);
      }
      await engine.kill('SIGKILL');
      engine = undefined;
    }
    console.log(`${storeKind}: reads right after ${RESTARTS} restarts: ${stale.length} stale of ${RESTARTS}`);
    expect(stale).toEqual([]);
  }, 300_000);
});
