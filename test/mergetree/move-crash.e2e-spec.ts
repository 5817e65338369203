import type { ClickHouseClient } from '@clickhouse/client';
import { makeTempDir } from '@engine/testing';
import { keys, SpawnedEngine, spawnEngine, TestEngine } from '../support/engine-harness';
import { SseClient, SseFrame } from '../audit/support/sse-client';
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

  /**
   * Resolves once the engine has recorded that the move of `table` completed: an SSE
   * subscription from the start, waiting for that event (no deadline: the test's timeout).
   */
  async function moveCompleted(target: TestEngine, table: string): Promise<void> {
    const feed = new SseClient(
      `${target.baseUrl}/engine/v1/events/subscribe?category=mergetree&type=PartitionMoveCompleted`,
      { authorization: `Bearer ${keys.admin}` },
    );
    await feed.open();
    try {
      const completed = (frame: SseFrame) =>
        frame.data !== undefined &&
        (JSON.parse(frame.data) as { stream: string }).stream === `mergetree-acme/db.${table}`;
      await feed.waitFor(1, completed);
    } finally {
      feed.destroy();
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

    // Reads wait as long as the read models need (the test's timeout bounds it), busy machine or not.
    engine = await spawnEngine({ dataDir: data.dir, env: { READ_WAIT_MS: '600000' } });
    // The restarted engine finishes the move on its own; its reads then show what it wrote.
    await moveCompleted(engine, 'src');
    client = clickhouse(engine);
    expect(await partNames(client, 'dst')).toEqual(['201901_1_1_0', '201901_2_2_0', '201901_3_3_0']);
    expect(await partNames(client, 'src')).toEqual(['201902_3_3_0']);
    const sourceHistory = await streamEvents(engine, 'src');
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
