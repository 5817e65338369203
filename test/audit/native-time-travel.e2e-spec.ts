import { LakeFormationClient, partitionInput, TablePath } from '../catalog/lakeformation-client';
import { globalHead, startEngine, TestEngine } from '../support/engine-harness';

/**
 * Every native state GET answers `asOf` / `atPosition` from the replayed stream, in the same
 * envelope as the live GET: at the head the two answers are equal, earlier they differ only in
 * what had happened by then.
 */
describe('time travel on the native state GETs', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
  });
  afterAll(() => engine.close());

  const head = () => globalHead(engine);
  const json = async (path: string, headers?: Record<string, string>) => {
    const res = await engine.request('GET', path, headers ? { headers, key: null } : undefined);
    expect([path, res.status]).toEqual([path, 200]);
    return res.json;
  };
  /** The live answer and the answer replayed at the head are the same document. */
  const sameAsLive = async (path: string, headers?: Record<string, string>) => {
    const live = await json(path, headers);
    const sep = path.includes('?') ? '&' : '?';
    expect(await json(`${path}${sep}atPosition=${await head()}`, headers)).toEqual(live);
    return live;
  };

  it('materialization plan: the partitions as of a position, in the plan GET shape', async () => {
    const created = await engine.request('POST', '/engine/v1/materialization/plans', {
      body: { name: 'tt', refreshType: 'INCREMENTAL', granularity: 'DAY' },
    });
    const uuid = (created.json as { uuid: string }).uuid;
    const backfill = {
      uuid,
      runType: 'MANUAL',
      successTimeRange: [{ dateGranularity: 'DAY', startTime: '2025-01-01', endTime: '2025-01-02' }],
      failedTimeRange: [],
    };
    const can = { 'tenant-id': 'acme', 'auth-type': 'APIKEY', 'auth-value': 'operator-key-acme-0001' };
    const call = (path: string, body: unknown) =>
      engine.request('POST', `/anymetrics/api/v1/accelerate/plan/${path}`, { body, key: null, headers: can });
    expect((await call('updatePartition', backfill)).status).toBe(200);
    const afterBackfill = await head();
    const clear = {
      uuid,
      timeRange: [{ dateGranularity: 'DAY', startTime: '2025-01-01', endTime: '2025-01-01' }],
    };
    expect((await call('clearPartition', clear)).status).toBe(200);

    const past = (await json(`/engine/v1/materialization/plans/${uuid}?atPosition=${afterBackfill}`)) as {
      partitions: { key: string; state: string }[];
    };
    expect(past.partitions.map((p) => [p.key, p.state])).toEqual([
      ['2025-01-01', 'materialized'],
      ['2025-01-02', 'materialized'],
    ]);
    const live = (await sameAsLive(`/engine/v1/materialization/plans/${uuid}`)) as typeof past;
    expect(live.partitions.map((p) => p.state)).toEqual(['cleared', 'materialized']);
    await sameAsLive(`/engine/v1/materialization/plans/${uuid}?start=2024-12-31&end=2025-01-03`);
  });

  it('materialization plan: a plan-wide clear stamps only the partitions it changed, as the read model does', async () => {
    const created = await engine.request('POST', '/engine/v1/materialization/plans', {
      body: { name: 'tt-full', refreshType: 'FULL', granularity: 'DAY' },
    });
    const uuid = (created.json as { uuid: string }).uuid;
    const can = { 'tenant-id': 'acme', 'auth-type': 'APIKEY', 'auth-value': 'operator-key-acme-0001' };
    const call = async (path: string, body: unknown) => {
      const res = await engine.request('POST', `/anymetrics/api/v1/accelerate/plan/${path}`, {
        body,
        key: null,
        headers: can,
      });
      expect([path, res.status, res.text]).toEqual([path, 200, expect.stringContaining('"success":true')]);
    };
    const day = (d: string) => [{ dateGranularity: 'DAY', startTime: d, endTime: d }];
    await call('updatePartition', {
      uuid,
      runType: 'MANUAL',
      successTimeRange: [...day('2025-01-01'), ...day('2025-01-02')],
      failedTimeRange: day('2025-01-05'),
    });
    await call('clearPartition', { uuid, timeRange: day('2025-01-01') });
    await call('clearPartition', { uuid });
    const cleared = (await sameAsLive(`/engine/v1/materialization/plans/${uuid}`)) as {
      partitions: { key: string; state: string; eventType: string }[];
    };
    expect(cleared.partitions.map((p) => [p.key, p.state, p.eventType])).toEqual([
      ['2025-01-01', 'cleared', 'PartitionsCleared'],
      ['2025-01-02', 'cleared', 'MaterializationPlanCleared'],
      ['2025-01-05', 'failed', 'PartitionsBackfillFailed'],
    ]);
  });

  it('compaction tablet: the rowsets before a load, in the tablet GET shape', async () => {
    const register = await engine.request('POST', '/engine/v1/tablets', {
      body: {
        tablet_id: 4242,
        table_id: 1,
        schema_hash: 1,
        cumulative_point: 1,
        rowsets: [
          { start_version: 0, end_version: 0, size: 10, segments: 1 },
          { start_version: 1, end_version: 1, size: 10, segments: 1 },
          { start_version: 2, end_version: 2, size: 10, segments: 1 },
        ],
      },
    });
    expect(register.status).toBe(201);
    const registered = await head();
    const load = await engine.request('POST', '/engine/v1/tablets/4242/rowsets', {
      body: { size: 5, segments: 1 },
    });
    expect(load.status).toBeLessThan(300);
    const trigger = await engine.request('POST', '/engine/v1/tablets/4242/compactions', {
      body: { compaction_type: 'cumulative' },
    });
    expect(trigger.status).toBe(202);
    const past = (await json(`/engine/v1/tablets/4242?atPosition=${registered}`)) as { rowsets: unknown[] };
    expect(past.rowsets).toHaveLength(3);
    const live = (await sameAsLive('/engine/v1/tablets/4242')) as {
      rowsets: unknown[];
      compactions: unknown[];
    };
    expect(live.rowsets).toHaveLength(4);
    expect(live.compactions).toHaveLength(1);
  });

  it('mergetree table: active and detached parts as of a position, in the table GET shape', async () => {
    const ch = (query: string) =>
      engine.request('POST', '/clickhouse/', { rawBody: query, headers: { 'content-type': 'text/plain' } });
    expect(
      (
        await ch(
          'CREATE TABLE db.tt (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
        )
      ).status,
    ).toBe(200);
    for (const partition of [201901, 201902]) {
      const part = await engine.request('POST', '/engine/v1/mergetree/tables/db/tt/parts', {
        body: { partition, rows: 1, bytesOnDisk: 10 },
      });
      expect(part.status).toBeLessThan(300);
    }
    const beforeDetach = await head();
    expect((await ch('ALTER TABLE db.tt DETACH PARTITION 201901')).status).toBe(200);
    expect((await ch('ALTER TABLE db.tt FREEZE PARTITION 201902')).status).toBe(200);
    type Overview = { activeParts: { name: string }[]; detachedParts: unknown[]; frozenBackups: unknown[] };
    const past = (await json(`/engine/v1/mergetree/tables/db/tt?atPosition=${beforeDetach}`)) as Overview;
    expect(past.activeParts.map((p) => p.name)).toEqual(['201901_1_1_0', '201902_2_2_0']);
    expect(past.detachedParts).toEqual([]);
    const live = (await sameAsLive('/engine/v1/mergetree/tables/db/tt')) as Overview;
    expect(live.detachedParts).toHaveLength(1);
    expect(live.frozenBackups).toHaveLength(1);
  });

  it('segments: the list as of a position, in the segments GET shape', async () => {
    const publish = await engine.request('POST', '/engine/v1/datasources/ttds/segments', {
      body: {
        segments: [0, 1].map((h) => ({
          interval: `2024-01-01T0${h}:00:00.000Z/2024-01-01T0${h + 1}:00:00.000Z`,
          version: 'v1',
          partitionNum: 0,
          size: 10,
        })),
      },
    });
    expect(publish.status).toBe(201);
    const published = await head();
    const unused = await engine.request('POST', '/druid/coordinator/v1/datasources/ttds/markUnused', {
      body: { interval: '2024-01-01T00:00:00.000Z/2024-01-01T01:00:00.000Z' },
    });
    expect(unused.status).toBe(200);
    type List = { segments: { state: string }[] };
    const past = (await json(
      `/engine/v1/datasources/ttds/segments?state=all&atPosition=${published}`,
    )) as List;
    expect(past.segments.map((s) => s.state)).toEqual(['used', 'used']);
    const live = (await sameAsLive('/engine/v1/datasources/ttds/segments?state=all')) as List;
    expect(live.segments.map((s) => s.state)).toEqual(['unused', 'used']);
    await sameAsLive('/engine/v1/datasources/ttds/segments');
    // Paged (limit / cursor), live and past alike.
    const first = (await sameAsLive('/engine/v1/datasources/ttds/segments?state=all&limit=1')) as List & {
      next: string;
    };
    expect(first.segments).toHaveLength(1);
    const second = (await sameAsLive(
      `/engine/v1/datasources/ttds/segments?state=all&limit=1&cursor=${first.next}`,
    )) as List & {
      next?: string;
    };
    expect(second.segments.map((s) => s.state)).toEqual(['used']);
    expect(second.next).toBeUndefined();
    expect(
      (await engine.request('GET', '/engine/v1/datasources/ttds/segments?limit=1&cursor=nonsense')).status,
    ).toBe(400);
    await sameAsLive(
      '/engine/v1/datasources/ttds/segments?state=unused&interval=2024-01-01T00:00:00Z/2024-01-02T00:00:00Z',
    );
  });

  it('LakeFormation partitions: the page as of a position, in the list shape with the same paging', async () => {
    const lf = new LakeFormationClient(engine);
    const t: TablePath = { catalog: 'ttc', database: 'ttd', table: 'ttt' };
    await lf.createTableWithKeys(t, ['dt']);
    const days = ['2024-01-01', '2024-01-02', '2024-01-03'];
    expect(
      (await lf.batchCreate(t, { if_not_exist: false, partitions: days.map((d) => partitionInput([d])) }))
        .status,
    ).toBe(201);
    const created = await head();
    expect((await lf.batchDelete(t, [['2024-01-02']])).status).toBe(200);
    const headers = { 'X-Auth-Token': 'operator-key-acme-0001' };
    type Page = { partitions: { partition_values: string[] }[]; page_info: { next_marker: string | null } };
    const past = (await json(`${lf.partitionsPath(t)}?atPosition=${created}`, headers)) as Page;
    expect(past.partitions.map((p) => p.partition_values[0])).toEqual(days);
    const firstPage = (await sameAsLive(`${lf.partitionsPath(t)}?limit=1`, headers)) as Page;
    await sameAsLive(`${lf.partitionsPath(t)}?limit=1&marker=${firstPage.page_info.next_marker}`, headers);
  });

  it('refuses a malformed point in time with a 400 in the family dialect', async () => {
    const bad = await engine.request('GET', '/engine/v1/tablets/4242?asOf=yesterday');
    expect(bad.status).toBe(400);
    const badPosition = await engine.request('GET', '/engine/v1/mergetree/tables/db/tt?atPosition=-3');
    expect(badPosition.status).toBe(400);
  });
});
