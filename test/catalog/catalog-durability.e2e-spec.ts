import { EVENT_STORE, EventStore, streamName } from '@engine/eventstore';
import { tableSnapshotPolicy } from '@engine/catalog';
import { SnapshotStore } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import { keys, startEngine, TENANT, TestEngine } from '../support/engine-harness';
import { INSTANCE, LakeFormationClient, partitionInput, TablePath } from './lakeformation-client';

const t: TablePath = { catalog: 'hive', database: 'dw', table: 'events' };
const stream = streamName('lftable', TENANT, INSTANCE, t.catalog, t.database, t.table);
const day = (i: number) => `d${String(i).padStart(5, '0')}`;
const batch = (from: number, count: number, extra: Record<string, unknown> = {}) => ({
  if_not_exist: false,
  partitions: Array.from({ length: count }, (_, i) => partitionInput([day(from + i)], extra)),
});

describe('catalog partitions: events, idempotency, concurrency and restarts', () => {
  const temp = makeTempDir('ple-catalog-');
  let engine: TestEngine;
  let lf: LakeFormationClient;
  const store = () => engine.app!.get<EventStore>(EVENT_STORE);

  beforeAll(async () => {
    engine = await startEngine({ dataDir: temp.dir });
    lf = new LakeFormationClient(engine);
    await lf.createTableWithKeys(t, ['day']);
  });
  afterAll(async () => {
    await engine.close();
    temp.cleanup();
  });

  it('records a large batch as one event, from the lakeformation source', async () => {
    const big = { parameters: { p: 'v'.repeat(4000), q: 'w'.repeat(4000) } };
    const response = await lf.batchCreate(t, batch(0, 100, big));
    expect(response.status).toBe(201);
    expect((response.json as unknown[]).length).toBe(100);
    const events = (await store().readStream(stream)).filter((e) => e.type === 'PartitionsCreated');
    expect(events).toHaveLength(1);
    expect((events[0].data as { partitions: unknown[] }).partitions).toHaveLength(100);
    expect(events[0].metadata).toMatchObject({ tenant: TENANT, source: 'lakeformation' });
    expect((await lf.listAll(t)).length).toBe(100);
  });

  it('answers a retried request with the same Idempotency-Key once, storing nothing more', async () => {
    const send = () =>
      engine.request('POST', `${lf.partitionsPath(t)}/batch-create`, {
        body: batch(100, 10),
        key: null,
        headers: { 'X-Auth-Token': keys.operator, 'Idempotency-Key': 'retry-1' },
      });
    const first = await send();
    const head = await store().headPosition();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(await store().headPosition()).toBe(head);
  });

  it('lets exactly one of two concurrent batches with a common partition win', async () => {
    const [a, b] = await Promise.all([lf.batchCreate(t, batch(200, 5)), lf.batchCreate(t, batch(204, 5))]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    expect((a.status === 400 ? a : b).json).toMatchObject({ error_code: 'common.00000003' });
    expect((await lf.listAll(t)).length).toBe(115);
  });

  it('keeps partitions and their uniqueness across a restart (snapshot plus stream tail)', async () => {
    // More events than the snapshot interval, so the restarted engine starts from a snapshot.
    const calls = tableSnapshotPolicy.every + 10;
    for (let c = 0; c < calls; c++) {
      expect((await lf.batchCreate(t, batch(1000 + c * 20, 20))).status).toBe(201);
    }
    expect(engine.app!.get(SnapshotStore).lastRevision(stream)).toBeDefined();
    await engine.close();
    engine = await startEngine({ dataDir: temp.dir });
    lf = new LakeFormationClient(engine);
    const duplicate = await lf.batchCreate(t, batch(1000, 1));
    expect(duplicate.status).toBe(400);
    expect(duplicate.json).toMatchObject({ error_code: 'common.00000003' });
    const last = 1000 + calls * 20;
    const skip = await lf.batchCreate(t, { ...batch(last - 1, 2), if_not_exist: true });
    expect((skip.json as { partition_values: string[] }[]).map((p) => p.partition_values)).toEqual([
      [day(last)],
    ]);
    expect((await lf.listAll(t, 1000)).length).toBe(115 + calls * 20 + 1);
  }, 180_000);
});
