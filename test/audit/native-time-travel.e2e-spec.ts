import { keys, startEngine, TestEngine } from '../support/engine-harness';

/** Every native state GET answers `asOf` / `atPosition` from the replayed stream. */
describe('time travel on the native state GETs', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
  });
  afterAll(() => engine.close());

  const head = async (): Promise<string> =>
    // The global head is engine-wide: a tenant's key does not see it.
    (
      (await engine.request('GET', '/engine/v1/events?limit=1', { key: keys.system })).json as {
        head: string;
      }
    ).head;

  it('materialization plan: the partitions as of a position', async () => {
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
    expect(
      (
        await engine.request('POST', '/anymetrics/api/v1/accelerate/plan/updatePartition', {
          body: backfill,
          key: null,
          headers: can,
        })
      ).status,
    ).toBe(200);
    const afterBackfill = await head();
    const clear = {
      uuid,
      timeRange: [{ dateGranularity: 'DAY', startTime: '2025-01-01', endTime: '2025-01-01' }],
    };
    expect(
      (
        await engine.request('POST', '/anymetrics/api/v1/accelerate/plan/clearPartition', {
          body: clear,
          key: null,
          headers: can,
        })
      ).status,
    ).toBe(200);

    const past = await engine.request(
      'GET',
      `/engine/v1/materialization/plans/${uuid}?atPosition=${afterBackfill}`,
    );
    expect(past.status).toBe(200);
    expect(past.json).toMatchObject({ category: 'matplan', id: uuid, atPosition: afterBackfill });
    const pastText = JSON.stringify((past.json as { state: unknown }).state);
    const now = await engine.request(
      'GET',
      `/engine/v1/materialization/plans/${uuid}?atPosition=${await head()}`,
    );
    expect(JSON.stringify((now.json as { state: unknown }).state)).not.toEqual(pastText);
    const live = await engine.request('GET', `/engine/v1/materialization/plans/${uuid}`);
    expect(live.json).toHaveProperty('partitions');
  });

  it('compaction tablet: the rowsets before a load', async () => {
    const register = await engine.request('POST', '/engine/v1/tablets', {
      body: {
        tablet_id: 4242,
        table_id: 1,
        schema_hash: 1,
        cumulative_point: 1,
        rowsets: [{ start_version: 0, end_version: 0, size: 10, segments: 1 }],
      },
    });
    expect(register.status).toBe(201);
    const registered = await head();
    expect(
      (await engine.request('POST', '/engine/v1/tablets/4242/rowsets', { body: { size: 5, segments: 1 } }))
        .status,
    ).toBeLessThan(300);
    const past = await engine.request('GET', `/engine/v1/tablets/4242?atPosition=${registered}`);
    const present = await engine.request(
      'GET',
      `/engine/v1/tablets/4242?asOf=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(past.status).toBe(200);
    expect(JSON.stringify(past.json)).not.toEqual(JSON.stringify(present.json));
    expect(JSON.stringify(present.json)).toContain('"revision":"1"');
    expect(JSON.stringify(past.json)).toContain('"revision":"0"');
  });

  it('mergetree table: active parts as of a position', async () => {
    const ch = (query: string) =>
      engine.request('POST', '/clickhouse/', { rawBody: query, headers: { 'content-type': 'text/plain' } });
    expect(
      (
        await ch(
          'CREATE TABLE db.tt (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
        )
      ).status,
    ).toBe(200);
    const part = await engine.request('POST', '/engine/v1/mergetree/tables/db/tt/parts', {
      body: { partition: 201901, rows: 1, bytesOnDisk: 10 },
    });
    expect(part.status).toBeLessThan(300);
    const beforeDetach = await head();
    expect((await ch('ALTER TABLE db.tt DETACH PARTITION 201901')).status).toBe(200);
    const past = await engine.request('GET', `/engine/v1/mergetree/tables/db/tt?atPosition=${beforeDetach}`);
    const now = await engine.request('GET', `/engine/v1/mergetree/tables/db/tt?atPosition=${await head()}`);
    expect(past.status).toBe(200);
    expect(JSON.stringify(past.json)).not.toEqual(JSON.stringify(now.json));
  });

  it('refuses a malformed point in time with a 400 in the family dialect', async () => {
    const bad = await engine.request('GET', '/engine/v1/tablets/4242?asOf=yesterday');
    expect(bad.status).toBe(400);
    const badPosition = await engine.request('GET', '/engine/v1/mergetree/tables/db/tt?atPosition=-3');
    expect(badPosition.status).toBe(400);
  });
});
