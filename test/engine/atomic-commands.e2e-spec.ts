import { EVENT_STORE, EventStore, streamName } from '@engine/eventstore';
import { INSTANCE, LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { keys, startEngine, TENANT, TestEngine } from '../support/engine-harness';

/**
 * A command is one append whatever its size (the pipeline never splits it): on SQLite one
 * transaction; on EventStoreDB the adapter alone cuts it into parts under 1 MiB, stamped as
 * parts of one change that readers see only whole.
 */
describe.each(['sqlite', 'esdb-double'] as const)('one command, one append (%s)', (storeKind) => {
  let engine: TestEngine;
  const t = { catalog: 'cat', database: 'db', table: 'big' };
  const store = () => engine.app!.get<EventStore>(EVENT_STORE);

  beforeAll(async () => {
    engine = await startEngine({ store: storeKind });
    await new LakeFormationClient(engine).createTableWithKeys(t, ['p']);
  }, 60_000);
  afterAll(() => engine?.close());

  const appends = async (category: string): Promise<number> => {
    const text = (await engine.request('GET', '/metrics', { key: keys.system })).text;
    const line = text.split('\n').find((l) => l.startsWith(`engine_appends_total{category="${category}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('records a batch-create of 100 partitions of ~88 KB each as one append', async () => {
    const before = await appends('lftable');
    // 22 parameters of 4,000 characters (the per-value limit): ~88 KB per partition.
    const parameters = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`k${i}`, 'x'.repeat(4000)]));
    const partitions = Array.from({ length: 100 }, (_, i) => partitionInput([`p${i}`], { parameters }));
    const response = await new LakeFormationClient(engine).batchCreate(t, {
      partitions,
      if_not_exist: false,
    });
    expect(response.status).toBe(201);
    expect(await appends('lftable')).toBe(before + 1);
    const stream = streamName('lftable', TENANT, INSTANCE, t.catalog, t.database, t.table);
    const created = (await store().readStream(stream)).filter((e) => e.type === 'PartitionsCreated');
    expect(created.reduce((n, e) => n + (e.data as { partitions: unknown[] }).partitions.length, 0)).toBe(
      100,
    );
    const parts = created.map((e) => e.metadata.part);
    if (storeKind === 'sqlite') expect(parts.every((p) => p === undefined)).toBe(true);
    else {
      // Over 1 MiB: the adapter's parts, all of one change, the last one present.
      expect(new Set(parts.map((p) => p?.change)).size).toBe(1);
      expect(parts[parts.length - 1]).toMatchObject({ index: parts[0]!.count });
    }
  });

  it('publishes 30,000 segments as one append', async () => {
    const before = await appends('datasource');
    const segments = Array.from({ length: 30_000 }, (_, i) => ({
      interval: '2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z',
      version: 'v1',
      partitionNum: i,
      size: 1000,
    }));
    const response = await engine.request('POST', '/engine/v1/datasources/wide/segments', {
      body: { segments },
    });
    expect(response.status).toBe(201);
    expect(await appends('datasource')).toBe(before + 1);
  });
});
