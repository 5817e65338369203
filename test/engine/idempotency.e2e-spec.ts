import { LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { registerTablet, tablet, TabletJson } from '../compaction/compaction-fixtures';
import { keys, startEngine, TestEngine } from '../support/engine-harness';

/**
 * Idempotency-Key over HTTP on both stores: a reused key with another request is a 422 in the
 * route's dialect and changes nothing; keys and stored responses belong to their tenant; a key
 * over the limit is a 400, never silently ignored.
 */
describe.each(['sqlite', 'esdb-double'] as const)('Idempotency-Key over HTTP (%s)', (store) => {
  let engine: TestEngine;
  let lf: LakeFormationClient;
  const t = { catalog: 'cat', database: 'db', table: 'tbl' };

  beforeAll(async () => {
    engine = await startEngine({ store });
    lf = new LakeFormationClient(engine);
    await lf.createTableWithKeys(t, ['dt']);
    await registerTablet(engine, 1, [[0, 1]], 2, 7, keys.admin);
    await registerTablet(engine, 1, [[0, 1]], 2, 7, keys.otherTenant);
  }, 60_000);
  afterAll(() => engine?.close());

  const batchCreate = (values: string[], key: string, token: string = keys.operator) =>
    engine.request('POST', `${lf.partitionsPath(t)}/batch-create`, {
      key: null,
      body: { partitions: [partitionInput(values)], if_not_exist: false },
      headers: { 'X-Auth-Token': token, 'Idempotency-Key': key },
    });
  const addRowset = (key: string, apiKey: string, size = 10) =>
    engine.request('POST', '/engine/v1/tablets/1/rowsets', {
      key: apiKey,
      body: { size, segments: 1 },
      headers: { 'Idempotency-Key': key },
    });

  it('answers a retry with the first response and applies the request once', async () => {
    const first = await batchCreate(['2024-01-01'], 'once-1');
    const retry = await batchCreate(['2024-01-01'], 'once-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await lf.listAll(t)).map((p) => p.partition_values)).toEqual([['2024-01-01']]);
  });

  it('answers a retry of a change over 1 MiB with the same response (rebuilt where too large to keep)', async () => {
    const parameters = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`k${i}`, 'x'.repeat(4000)]));
    const send = () =>
      engine.request('POST', `${lf.partitionsPath(t)}/batch-create`, {
        key: null,
        body: {
          partitions: Array.from({ length: 15 }, (_, i) => partitionInput([`big-${i}`], { parameters })),
          if_not_exist: false,
        },
        headers: { 'X-Auth-Token': keys.operator, 'Idempotency-Key': 'big-1' },
      });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
  });

  it('refuses the same key with a different request: 422 in the dialect, nothing stored', async () => {
    expect((await batchCreate(['2024-02-01'], 'reused-1')).status).toBe(201);
    const reused = await batchCreate(['2024-02-02'], 'reused-1');
    expect(reused.status).toBe(422);
    expect(reused.json).toMatchObject({ error_code: 'common.00000422' });
    expect((await lf.listAll(t)).map((p) => p.partition_values[0])).not.toContain('2024-02-02');
    // And on the native dialect: the tablet gains no rowset from the reused key.
    expect((await addRowset('reused-2', keys.admin, 10)).status).toBe(201);
    const before = await tablet(engine, 1);
    const native = await addRowset('reused-2', keys.admin, 11);
    expect(native.status).toBe(422);
    expect((await tablet(engine, 1)).rowsets).toEqual(before.rowsets);
  });

  it("keeps each tenant's keys and stored responses to itself", async () => {
    const ours = await addRowset('shared-key', keys.admin);
    expect(ours.status).toBe(201);
    // The same key, path and body from another tenant is that tenant's own request.
    const theirs = await addRowset('shared-key', keys.otherTenant);
    expect(theirs.status).toBe(201);
    const theirTablet = (await engine.request('GET', '/engine/v1/tablets/1', { key: keys.otherTenant }))
      .json as TabletJson;
    expect(theirs.json).toEqual(theirTablet);
    expect(theirTablet.rowsets).toHaveLength(2);
    expect(theirs.json).not.toEqual(ours.json);
    // ...and a different request under that key from the other tenant is not a reuse either.
    const other = await addRowset('shared-key-2', keys.admin, 5);
    const differentBody = await addRowset('shared-key-2', keys.otherTenant, 6);
    expect(other.status).toBe(201);
    expect(differentBody.status).toBe(201);
  });

  it('refuses a key over 200 characters with a 400 in the dialect, storing nothing', async () => {
    const long = 'k'.repeat(201);
    const responses = [await batchCreate(['2024-03-01'], long), await batchCreate(['2024-03-01'], long)];
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error_code: expect.any(String), error_msg: expect.any(String) });
    }
    expect((await lf.listAll(t)).map((p) => p.partition_values[0])).not.toContain('2024-03-01');
    expect((await batchCreate(['2024-03-01'], 'k'.repeat(200))).status).toBe(201);
  });
});
