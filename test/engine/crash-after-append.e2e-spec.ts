import { makeTempDir } from '@engine/testing';
import { LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { keys, SpawnedEngine, spawnEngine } from '../support/engine-harness';

/**
 * The first finding, made deterministic: the engine is killed (SIGKILL, test-only env
 * ENGINE_CRASH_AFTER_APPEND) right after a keyed command's events are stored, before the
 * response. The retry after the restart gets the first outcome and nothing is applied twice.
 */
describe('a keyed command retried after a crash between its append and its response', () => {
  const temp = makeTempDir('ple-crash-after-append-');
  let engine: SpawnedEngine | undefined;
  const t = { catalog: 'cat', database: 'db', table: 'tbl' };
  afterAll(async () => {
    await engine?.kill();
    temp.cleanup();
  });

  const batchCreate = (target: SpawnedEngine) =>
    target.request('POST', `${new LakeFormationClient(target).partitionsPath(t)}/batch-create`, {
      key: null,
      body: {
        partitions: [partitionInput(['2024-01-01']), partitionInput(['2024-01-02'])],
        if_not_exist: false,
      },
      headers: { 'X-Auth-Token': keys.operator, 'Idempotency-Key': 'crash-batch' },
    });
  const addRowset = (target: SpawnedEngine) =>
    target.request('POST', '/engine/v1/tablets/5/rowsets', {
      body: { size: 10, segments: 1 },
      headers: { 'Idempotency-Key': 'crash-rowset' },
    });

  it.each([
    ['crash-batch', 'a LakeFormation batch-create (if_not_exist=false)'],
    ['crash-rowset', 'a tablet rowset add'],
  ])(
    '%s: %s answers 2xx once and is stored once',
    async (key) => {
      engine = await spawnEngine({ dataDir: temp.dir });
      if (key === 'crash-batch') await new LakeFormationClient(engine).createTableWithKeys(t, ['dt']);
      else {
        const registered = await engine.request('POST', '/engine/v1/tablets', {
          body: {
            tablet_id: 5,
            table_id: 1,
            schema_hash: 1,
            rowsets: [{ start_version: 0, end_version: 1, size: 1, segments: 1 }],
            cumulative_point: 2,
          },
        });
        expect(registered.status).toBe(201);
      }
      await engine.kill('SIGTERM');
      engine = await spawnEngine({ dataDir: temp.dir, env: { ENGINE_CRASH_AFTER_APPEND: key } });
      const send = key === 'crash-batch' ? batchCreate : addRowset;
      await expect(send(engine)).rejects.toThrow();
      expect((await engine.exited).signal).toBe('SIGKILL');

      engine = await spawnEngine({ dataDir: temp.dir });
      const retry = await send(engine);
      expect(retry.status).toBe(201);
      const again = await send(engine);
      expect(again.status).toBe(201);
      expect(again.json).toEqual(retry.json);
      if (key === 'crash-batch') {
        const listed = await new LakeFormationClient(engine).listAll(t);
        expect(listed.map((p) => p.partition_values)).toEqual([['2024-01-01'], ['2024-01-02']]);
      } else {
        const tablet = (await engine.request('GET', '/engine/v1/tablets/5')).json as { rowsets: unknown[] };
        expect(tablet.rowsets).toHaveLength(2);
      }
      await engine.kill('SIGTERM');
      engine = undefined;
    },
    120_000,
  );
});
