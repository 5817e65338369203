import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { clickhouse, rows } from './mergetree-client';

describe('native MergeTree API', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
    const client = clickhouse(engine);
    await client.command({
      query:
        'CREATE TABLE db.events (day Date, kind String, n UInt32) ENGINE = MergeTree PARTITION BY (day, n) ORDER BY kind',
    });
    await client.command({ query: 'CREATE TABLE db.flat (x UInt64) ENGINE = MergeTree ORDER BY x' });
    await client.close();
  });

  afterAll(() => engine.close());

  const addPart = (table: string, body: unknown, key: string = keys.operator) =>
    engine.request('POST', `/engine/v1/mergetree/tables/db/${table}/parts`, { body, key });

  it('adds parts for tuple keys and tables without key, and returns the assigned name', async () => {
    const tuple = await addPart('events', { partition: ['2024-02-29', 7], rows: 10, bytesOnDisk: 2048 });
    expect(tuple.status).toBe(201);
    expect(tuple.json).toMatchObject({
      part: { name: '20240229-7_1_1_0', partitionId: '20240229-7', partition: "('2024-02-29',7)", rows: 10 },
    });
    const flat = await addPart('flat', { partition: [], rows: 1, bytesOnDisk: 1 });
    expect(flat.json).toMatchObject({ part: { name: 'all_1_1_0', partition: 'tuple()' } });
  });

  it('shows active, detached and frozen parts of a table', async () => {
    const client = clickhouse(engine);
    await client.command({ query: "ALTER TABLE events FREEZE WITH NAME 'before'" });
    await client.command({ query: "ALTER TABLE events DETACH PARTITION ('2024-02-29', 7)" });
    await client.close();
    const response = await engine.request('GET', '/engine/v1/mergetree/tables/db/events', {
      key: keys.reader,
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      database: 'db',
      table: 'events',
      partitionKey: 'tuple(day, n)',
      activeParts: [],
      detachedParts: [{ name: '20240229-7_1_1_0', reason: '', partitionId: '20240229-7' }],
      frozenBackups: [{ name: 'before', increment: 1, parts: ['20240229-7_1_1_0'] }],
    });
  });

  it('refuses bad bodies, bad partition values and unknown tables in its own error shape, storing nothing', async () => {
    const badBody = await addPart('events', {
      partition: ['2024-02-29', 7],
      rows: -1,
      bytesOnDisk: 'x',
      extra: 1,
    });
    expect(badBody.status).toBe(400);
    expect(badBody.json).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const badValue = await addPart('events', { partition: ['2024-02-30', 7], rows: 1, bytesOnDisk: 1 });
    expect(badValue.status).toBe(400);
    expect(badValue.json).toMatchObject({ error: { code: 'INVALID_PARTITION_VALUE' } });
    const unknown = await addPart('nope', { partition: 1, rows: 1, bytesOnDisk: 1 });
    expect(unknown.status).toBe(404);
    expect((await engine.request('GET', '/engine/v1/mergetree/tables/db/nope')).status).toBe(404);
    const reader = await addPart(
      'events',
      { partition: ['2024-02-28', 1], rows: 1, bytesOnDisk: 1 },
      keys.reader,
    );
    expect(reader.status).toBe(403);
    const overview = await engine.request('GET', '/engine/v1/mergetree/tables/db/events');
    expect((overview.json as { activeParts: unknown[] }).activeParts).toEqual([]);
  });

  it('records a broken part an executor found; DROP DETACHED removes it, ATTACH ignores it', async () => {
    const found = await engine.request('POST', '/engine/v1/mergetree/tables/db/flat/detached', {
      body: { name: 'broken_all_7_7_0', rows: 3, bytesOnDisk: 30 },
      key: keys.operator,
    });
    expect(found.status).toBe(201);
    expect(found.json).toEqual({ name: 'broken_all_7_7_0', reason: 'broken' });
    const plain = await engine.request('POST', '/engine/v1/mergetree/tables/db/flat/detached', {
      body: { name: 'all_8_8_0', rows: 3, bytesOnDisk: 30 },
      key: keys.operator,
    });
    // A plain name is a backup copied into detached (BEHAVIOUR.md §6): recorded, then attachable.
    expect(plain.status).toBe(201);
    expect(plain.json).toEqual({ name: 'all_8_8_0', reason: '' });
    const client = clickhouse(engine);
    const detachedRows = () =>
      rows<{ name: string; reason: string }>(
        client,
        "SELECT name, reason FROM system.detached_parts WHERE table = 'flat'",
      );
    expect((await detachedRows()).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'all_8_8_0', reason: '' },
      { name: 'broken_all_7_7_0', reason: 'broken' },
    ]);
    await client.command({ query: 'ALTER TABLE flat ATTACH PARTITION tuple()' });
    expect(await detachedRows()).toHaveLength(1);
    await client.command({
      query: 'ALTER TABLE flat DROP DETACHED PARTITION tuple() SETTINGS allow_drop_detached = 1',
    });
    expect(await detachedRows()).toEqual([]);
    await client.close();
  });

  it('reads the database from X-ClickHouse-Database', async () => {
    const response = await engine.request('POST', '/clickhouse', {
      rawBody: "ALTER TABLE events ATTACH PARTITION ('2024-02-29', 7)",
      key: keys.operator,
      headers: { 'x-clickhouse-database': 'db', 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(200);
    const overview = await engine.request('GET', '/engine/v1/mergetree/tables/db/events');
    expect((overview.json as { activeParts: { name: string }[] }).activeParts.map((p) => p.name)).toEqual([
      '20240229-7_2_2_0',
    ]);
  });
});
