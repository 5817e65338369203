import type { ClickHouseClient } from '@clickhouse/client';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { addPart, clickhouse, refusal, rows } from './mergetree-client';

describe('ClickHouse HTTP interface: wire format, errors, auth and tenants', () => {
  let engine: TestEngine;
  let client: ClickHouseClient;
  const post = (sql: string, key: string | null = keys.operator, path = '/clickhouse/') =>
    engine.request('POST', path, { rawBody: sql, key, headers: { 'content-type': 'text/plain' } });
  const partNames = async () =>
    (await rows<{ name: string }>(client, "SELECT name FROM system.parts WHERE table = 't'")).map(
      (r) => r.name,
    );

  const eventCount = async () => {
    const stream = encodeURIComponent('mergetree-acme/db.t');
    const response = await engine.request('GET', `/engine/v1/streams/${stream}/events?limit=1000`);
    return (response.json as { events: unknown[] }).events.length;
  };

  beforeAll(async () => {
    engine = await startEngine();
    client = clickhouse(engine);
    await client.command({
      query: 'CREATE TABLE db.t (d Date, s String) ENGINE = MergeTree PARTITION BY (d, s) ORDER BY d',
    });
    await addPart(engine, 't', ['2020-11-21', 'a']);
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
  });

  it('answers a syntax error with code 62, the position, and the exception header', async () => {
    const response = await post("ALTER TABLE db.t DETACH PARTITON ('2020-11-21', 'a')");
    expect(response.status).toBe(400);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('62');
    expect(response.text).toBe(
      "Code: 62. DB::Exception: Syntax error: failed at position 25 ('PARTITON') (line 1, col 25): PARTITON ('2020-11-21', 'a'). Expected one of: PARTITION, PART. (SYNTAX_ERROR)\n",
    );
  });

  it('answers an unknown table with 60 and 404, and stores nothing for refused statements', async () => {
    const before = await eventCount();
    const response = await post('ALTER TABLE db.nope DROP PARTITION ALL');
    expect(response.status).toBe(404);
    expect(response.text).toBe('Code: 60. DB::Exception: Table db.nope does not exist. (UNKNOWN_TABLE)\n');
    const wrongArity = await refusal(
      client.command({ query: "ALTER TABLE t DETACH PARTITION '2020-11-21'" }),
    );
    expect(wrongArity).toMatchObject({ code: '248', type: 'INVALID_PARTITION_VALUE' });
    const missing = await refusal(client.command({ query: "ALTER TABLE t DROP PART 'nope_1_1_0'" }));
    expect(missing).toMatchObject({ code: '232', type: 'NO_SUCH_DATA_PART' });
    const unsafe = await refusal(client.command({ query: "ALTER TABLE t ATTACH PART '../etc'" }));
    expect(unsafe).toMatchObject({ code: '79', type: 'INCORRECT_FILE_NAME' });
    expect(await eventCount()).toBe(before);
    expect(await partNames()).toEqual([expect.stringMatching(/^[0-9a-f]{32}_1_1_0$/)]);
  });

  it('hashes a non-integer partition value into a 32-hex-character ID', async () => {
    const [part] = await rows<{ partition: string; partition_id: string }>(
      client,
      "SELECT partition, partition_id FROM system.parts WHERE table = 't'",
    );
    expect(part.partition).toBe("('2020-11-21','a')");
    expect(part.partition_id).toMatch(/^[0-9a-f]{32}$/);
    await client.command({ query: "ALTER TABLE t DETACH PARTITION ('2020-11-21', 'a')" });
    await client.command({ query: `ALTER TABLE t ATTACH PARTITION ID '${part.partition_id}'` });
    expect(await partNames()).toEqual([`${part.partition_id}_2_2_0`]);
  });

  it('accepts ?query= on GET for reads, refuses writes on GET (readonly), and serves TabSeparated by default', async () => {
    const sql = encodeURIComponent("SELECT name, active FROM system.parts WHERE table = 't'");
    const read = await engine.request('GET', `/clickhouse?query=${sql}`, { key: keys.reader });
    expect(read.status).toBe(200);
    expect(read.text).toMatch(/^[0-9a-f]{32}_2_2_0\t1\n$/);
    const write = await engine.request(
      'GET',
      `/clickhouse/?query=${encodeURIComponent('ALTER TABLE db.t DROP PARTITION ALL')}`,
    );
    // 164 READONLY is not in exceptionCodeToHTTPStatus.cpp: 500, as a real server answers.
    expect(write.status).toBe(500);
    expect(write.headers.get('x-clickhouse-exception-code')).toBe('164');
  });

  it('authenticates with X-ClickHouse-User / X-ClickHouse-Key and ?user=&password=, and needs operator to change', async () => {
    const headerAuth = await engine.request('POST', '/clickhouse', {
      rawBody: 'SELECT count FROM system.parts',
      key: null,
      headers: {
        'x-clickhouse-user': 'default',
        'x-clickhouse-key': keys.reader,
        'content-type': 'text/plain',
      },
    });
    expect(headerAuth.headers.get('x-clickhouse-exception-code')).toBe('47');
    const urlAuth = await engine.request('POST', `/clickhouse?user=default&password=${keys.reader}`, {
      rawBody: 'SELECT name FROM system.parts FORMAT JSONEachRow',
      key: null,
    });
    expect(urlAuth.status).toBe(200);
    const noKey = await post('SELECT name FROM system.parts', null);
    expect(noKey.status).toBe(401);
    expect(noKey.text).toMatch(/^Code: 516\. DB::Exception: .*\(AUTHENTICATION_FAILED\)\n$/);
    const reader = await refusal(
      clickhouse(engine, keys.reader).command({ query: 'ALTER TABLE t DROP PARTITION ALL' }),
    );
    expect(reader).toMatchObject({ code: '497', type: 'ACCESS_DENIED' });
    expect((await partNames()).length).toBe(1);
  });

  it('keeps tenants apart', async () => {
    const other = clickhouse(engine, keys.otherTenant);
    expect(await rows(other, 'SELECT name FROM system.parts')).toEqual([]);
    const refused = await refusal(other.command({ query: 'ALTER TABLE t DROP PARTITION ALL' }));
    // The other tenant has no database db at all: 81 (BEHAVIOUR.md §6).
    expect(refused).toMatchObject({ code: '81', type: 'UNKNOWN_DATABASE' });
    await other.close();
    expect((await partNames()).length).toBe(1);
  });

  it('serves JSON with 64-bit integers quoted, and refuses unknown formats, tables and columns', async () => {
    const json = await client.query({
      query: "SELECT name, rows, level FROM system.parts WHERE table = 't'",
      format: 'JSON',
    });
    const body = await json.json<{ rows: string; level: number }>();
    expect(body.meta).toEqual([
      { name: 'name', type: 'String' },
      { name: 'rows', type: 'UInt64' },
      { name: 'level', type: 'UInt32' },
    ]);
    expect(body.data[0]).toMatchObject({ rows: '100', level: 0 });
    expect(
      (await post('SELECT * FROM system.parts FORMAT Nope')).headers.get('x-clickhouse-exception-code'),
    ).toBe('73');
    expect(
      await refusal(client.query({ query: 'SELECT * FROM system.replicas', format: 'JSON' })),
    ).toMatchObject({ code: '60' });
    expect(
      await refusal(client.query({ query: 'SELECT bogus FROM system.parts', format: 'JSON' })),
    ).toMatchObject({ code: '47' });
  });

  it('answers the client ping', async () => {
    expect(await client.ping()).toMatchObject({ success: true });
  });
});
