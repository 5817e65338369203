import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { refusal, rows } from './mergetree-client';

/** BEHAVIOUR.md §6: the probes DBeaver, Grafana and JDBC drivers send before any ALTER. */
describe('ClickHouse tool probes through @clickhouse/client with the path in the URL', () => {
  let engine: TestEngine;
  let client: ClickHouseClient;
  let inDb: ClickHouseClient;

  beforeAll(async () => {
    engine = await startEngine();
    const connect = (path: string) =>
      createClient({
        url: `${engine.baseUrl}/${path}`,
        username: 'default',
        password: keys.operator,
        log: { level: ClickHouseLogLevel.OFF },
      });
    client = connect('clickhouse');
    inDb = connect('clickhouse/db');
    await client.command({
      query:
        'CREATE TABLE db.visits (d Date, x UInt64, s String) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x',
    });
  });

  afterAll(async () => {
    await Promise.all([client.close(), inDb.close()]);
    await engine.close();
  });

  it('answers SELECT 1, version(), timezone() and currentDatabase() with ClickHouse types', async () => {
    const result = await client.query({
      query: 'SELECT 1, version(), timezone(), currentDatabase()',
      format: 'JSON',
    });
    const json = await result.json<Record<string, unknown>>();
    expect(json.meta).toEqual([
      { name: '1', type: 'UInt8' },
      { name: 'version()', type: 'String' },
      { name: 'timezone()', type: 'String' },
      { name: 'currentDatabase()', type: 'String' },
    ]);
    expect(json.data).toEqual([
      {
        '1': 1,
        'version()': expect.stringMatching(/^\d+\.\d+/),
        'timezone()': 'UTC',
        'currentDatabase()': 'default',
      },
    ]);
    expect(await rows(inDb, 'SELECT currentDatabase() AS db')).toEqual([{ db: 'db' }]);
    expect(await client.ping()).toMatchObject({ success: true });
  });

  it('lists databases and tables, describes a table and says whether it exists', async () => {
    expect(await rows(client, 'SHOW DATABASES')).toEqual([
      { name: 'db' },
      { name: 'default' },
      { name: 'system' },
    ]);
    expect(await rows(client, "SELECT name, engine FROM system.databases WHERE name = 'db'")).toEqual([
      { name: 'db', engine: 'Atomic' },
    ]);
    expect(await rows(inDb, 'SHOW TABLES')).toEqual([{ name: 'visits' }]);
    expect(await rows(client, 'SHOW TABLES FROM db')).toEqual([{ name: 'visits' }]);
    expect(
      await rows(
        client,
        "SELECT database, name, engine, partition_key FROM system.tables WHERE database = 'db'",
      ),
    ).toEqual([{ database: 'db', name: 'visits', engine: 'MergeTree', partition_key: 'toYYYYMM(d)' }]);
    expect(await rows(inDb, 'DESCRIBE TABLE visits')).toEqual([
      expect.objectContaining({ name: 'd', type: 'Date', default_type: '' }),
      expect.objectContaining({ name: 'x', type: 'UInt64' }),
      expect.objectContaining({ name: 's', type: 'String' }),
    ]);
    expect(await rows(client, 'EXISTS TABLE db.visits')).toEqual([{ result: 1 }]);
    expect(await rows(client, 'EXISTS db.nope')).toEqual([{ result: 0 }]);
  });

  it('refuses an unknown table with 60 and an unknown database with 81 (HTTP 404)', async () => {
    expect(await refusal(client.query({ query: 'DESCRIBE TABLE db.nope' }))).toMatchObject({ code: '60' });
    expect(await refusal(client.query({ query: 'SHOW TABLES FROM nodb' }))).toMatchObject({
      code: '81',
      type: 'UNKNOWN_DATABASE',
    });
    const alter = await engine.request('POST', '/clickhouse', {
      rawBody: 'ALTER TABLE nodb.t DETACH PARTITION 1',
      key: keys.operator,
    });
    expect([alter.status, alter.headers.get('x-clickhouse-exception-code')]).toEqual([404, '81']);
  });
});
