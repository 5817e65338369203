import type { ClickHouseClient } from '@clickhouse/client';
import { makeTempDir } from '@engine/testing';
import { keys, SpawnedEngine, spawnEngine, TestEngine } from '../support/engine-harness';
import { addPart, clickhouse, rows } from './mergetree-client';

/**
 * MOVE PARTITION TO TABLE appends to two streams. The engine is killed (SIGKILL, via the
 * test-only env MERGETREE_CRASH_AFTER_MOVE_STEP) right after step 1 (source) or step 2
 * (destination); after a restart every part is in exactly one of the two tables.
 */
describe('MOVE PARTITION TO TABLE survives a crash between the two tables', () => {
  const temp: { cleanup(): void }[] = [];
  let engine: SpawnedEngine | undefined;

  afterEach(async () => {
    await engine?.kill();
    engine = undefined;
    temp.splice(0).forEach((t) => t.cleanup());
  });

  const partNames = async (client: ClickHouseClient, table: string) =>
    (
      await rows<{ name: string }>(
        client,
        `SELECT name FROM system.parts WHERE database = 'db' AND table = '${table}' ORDER BY name`,
      )
    ).map((r) => r.name);

  const streamEvents = async (target: TestEngine, table: string) => {
    const stream = encodeURIComponent(`mergetree-acme/db.${table}`);
    const response = await target.request('GET', `/engine/v1/streams/${stream}/events?limit=1000`, {
      key: keys.admin,
    });
    return (response.json as { events: { type: string }[] }).events.map((e) => e.type);
  };

  /** Polls until `done` holds; no deadline of its own (the test's timeout bounds it). */
  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it.each([1, 2])('after step %i the restarted engine completes the move', async (step) => {
    const data = makeTempDir('mergetree-move-crash-');
    temp.push(data);
    engine = await spawnEngine({ dataDir: data.dir, env: { MERGETREE_CRASH_AFTER_MOVE_STEP: String(step) } });
    let client = clickhouse(engine);
    const ddl = (table: string) =>
      `CREATE TABLE db.${table} (d Date, x UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x`;
    await client.command({ query: ddl('src') });
    await client.command({ query: ddl('dst') });
    await addPart(engine, 'src', 201901);
    await addPart(engine, 'src', 201901);
    await addPart(engine, 'src', 201902);
    await addPart(engine, 'dst', 201901);

    await expect(
      client.command({ query: 'ALTER TABLE src MOVE PARTITION 201901 TO TABLE dst' }),
    ).rejects.toThrow();
    expect((await engine.exited).signal).toBe('SIGKILL');
    await client.close();

    engine = await spawnEngine({ dataDir: data.dir });
    client = clickhouse(engine);
    const expectedDestination = ['201901_1_1_0', '201901_2_2_0', '201901_3_3_0'];
    const destination = await until(
      () => partNames(client, 'dst'),
      (names) => names.length >= 3,
    );
    expect(destination).toEqual(expectedDestination);
    expect(await partNames(client, 'src')).toEqual(['201902_3_3_0']);
    const sourceHistory = await until(
      () => streamEvents(engine!, 'src'),
      (types) => types.includes('PartitionMoveCompleted'),
    );
    expect(sourceHistory.filter((t) => t.startsWith('PartitionMove'))).toEqual([
      'PartitionMoveStarted',
      'PartitionMoveCompleted',
    ]);
    expect((await streamEvents(engine, 'dst')).filter((t) => t === 'MovedPartsReceived')).toHaveLength(1);

    // The engine keeps working on both tables afterwards.
    await client.command({ query: 'ALTER TABLE dst DETACH PARTITION 201901' });
    expect(await partNames(client, 'dst')).toEqual([]);
    await client.close();
  });
});
