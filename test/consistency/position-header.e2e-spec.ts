import { LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { startEngine, TestEngine } from '../support/engine-harness';
import { publish, usedSegments } from './consistency-support';

describe('consistency model on one engine: write position and minimum position', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    // A smaller bound than the default so the "beyond the head" read answers sooner.
    engine = await startEngine({ env: { READ_WAIT_MS: '2000' } });
  });
  afterAll(() => engine.close());

  it('answers every write with its global position, increasing write after write', async () => {
    const first = BigInt(await publish(engine, 'pos_ds', 0));
    const second = BigInt(await publish(engine, 'pos_ds', 1));
    expect(first).toBeGreaterThan(0n);
    expect(second).toBeGreaterThan(first);
    const read = await usedSegments(engine, 'pos_ds', second.toString());
    expect(read).toMatchObject({ status: 200, count: 2 });
  });

  it('takes the minimum position as minPosition= too', async () => {
    const position = await publish(engine, 'pos_query', 0);
    const response = await engine.request(
      'GET',
      `/druid/coordinator/v1/metadata/datasources/pos_query/segments?minPosition=${position}`,
    );
    expect(response.status).toBe(200);
    expect(response.json).toHaveLength(1);
  });

  it('answers 503 in the dialect shape naming the read model when the position is beyond the head', async () => {
    const position = BigInt(await publish(engine, 'pos_beyond', 0));
    const read = await usedSegments(engine, 'pos_beyond', (position + 1000n).toString());
    expect(read.status).toBe(503);
    expect(read.text).toContain('segment-used');
    expect(read.text).toContain(`${position + 1000n}`);
  });

  it('refuses a malformed minimum position with the dialect 400', async () => {
    const response = await engine.request('GET', '/druid/coordinator/v1/metadata/datasources/x/segments', {
      headers: { 'X-Engine-Min-Position': 'yesterday' },
    });
    expect(response.status).toBe(400);
  });

  it('answers a replayed Idempotency-Key with the position of the first write', async () => {
    const headers = { 'Idempotency-Key': 'pos-replay-1' };
    const first = await publish(engine, 'pos_replay', 0, headers);
    await publish(engine, 'pos_replay', 5);
    const again = await engine.request('POST', '/engine/v1/datasources/pos_replay/segments', {
      body: (await import('./consistency-support')).segmentBody(0),
      headers,
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('x-engine-position')).toBe(first);
  });
  it('works the same in the ClickHouse dialect: position on the statement, 503 in its error shape', async () => {
    const create = await engine.request('POST', '/clickhouse', {
      rawBody:
        'CREATE TABLE db.pos (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(create.status).toBe(200);
    const position = BigInt(create.headers.get('x-engine-position') ?? '0');
    expect(position).toBeGreaterThan(0n);
    const query = encodeURIComponent(
      "SELECT name FROM system.tables WHERE database = 'db' FORMAT JSONEachRow",
    );
    const read = await engine.request('GET', `/clickhouse/?query=${query}&minPosition=${position}`);
    expect([read.status, read.text.trim()]).toEqual([200, '{"name":"pos"}']);
    const parts = encodeURIComponent("SELECT name FROM system.parts WHERE table = 'pos'");
    const beyond = await engine.request('GET', `/clickhouse/?query=${parts}`, {
      headers: { 'X-Engine-Min-Position': `${position + 1000n}` },
    });
    expect(beyond.status).toBe(503);
    expect(beyond.text).toMatch(/^Code: 159\. DB::Exception: Read model .* has not reached position/);
  });
  it('works the same in the LakeFormation dialect: position on batch-create, minPosition= on the list', async () => {
    const lf = new LakeFormationClient(engine);
    const t = { catalog: 'poscat', database: 'posdb', table: 'postable' };
    await lf.createTableWithKeys(t, ['p']);
    const created = await lf.batchCreate(t, {
      partitions: [partitionInput(['a'])],
      if_not_exist: false,
    });
    expect(created.status).toBe(201);
    const position = BigInt(created.headers.get('x-engine-position') ?? '0');
    expect(position).toBeGreaterThan(0n);
    const listed = await lf.list(t, `?minPosition=${position}`);
    expect(listed.status).toBe(200);
    const beyond = await lf.list(t, `?minPosition=${position + 1000n}`);
    expect(beyond.status).toBe(503);
    expect(beyond.json).toMatchObject({ error_code: 'common.00000503' });
  });
  it('answers a write that changed nothing with the position of the state it was decided on', async () => {
    const position = await publish(engine, 'pos_noop', 0);
    const unchanged = await engine.request('POST', '/druid/coordinator/v1/datasources/pos_noop/markUsed', {
      body: { interval: '2015-09-01T00:00:00.000Z/2015-09-02T00:00:00.000Z' },
    });
    expect(unchanged.status).toBe(200);
    expect(unchanged.json).toEqual({ numChangedSegments: 0 });
    expect(unchanged.headers.get('x-engine-position')).toBe(position);
  });
});
