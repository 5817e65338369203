import fc from 'fast-check';
import { ClickHouseError } from '../clickhouse.error';
import { parseStatement } from './statement.parser';

const syntaxErrorOf = (sql: string): string => {
  try {
    parseStatement(sql);
  } catch (error) {
    if (error instanceof ClickHouseError && error.code === 62) return error.message;
    throw error;
  }
  throw new Error(`parsed: ${sql}`);
};

describe('ClickHouse statement parser', () => {
  it('parses every ALTER of the seed', () => {
    const cases: [string, object][] = [
      [
        "ALTER TABLE mt DETACH PARTITION '2020-11-21'",
        {
          kind: 'detach-partition',
          partition: { kind: 'value', expr: { kind: 'string', value: '2020-11-21' } },
        },
      ],
      ["ALTER TABLE mt DETACH PART 'all_2_2_0'", { kind: 'detach-part', name: 'all_2_2_0' }],
      ["ALTER TABLE mt DROP PART 'all_4_4_0'", { kind: 'drop-part', name: 'all_4_4_0' }],
      [
        'ALTER TABLE mt DROP DETACHED PARTITION ALL',
        { kind: 'drop-detached-partition', partition: { kind: 'all' } },
      ],
      ["ALTER TABLE mt DROP DETACHED PART 'all_1_1_0'", { kind: 'drop-detached-part', name: 'all_1_1_0' }],
      ["ALTER TABLE mt FORGET PARTITION '20201121'", { kind: 'forget-partition' }],
      [
        'ALTER TABLE visits ATTACH PARTITION 201901',
        { kind: 'attach-partition', partition: { kind: 'value', expr: { kind: 'number', text: '201901' } } },
      ],
      ['ALTER TABLE visits ATTACH PART 201901_2_2_0', { kind: 'attach-part', name: '201901_2_2_0' }],
      [
        'ALTER TABLE t2 ON CLUSTER c1 ATTACH PARTITION ALL FROM db.t1',
        { kind: 'attach-partition-from', from: { database: 'db', table: 't1' } },
      ],
      [
        'ALTER TABLE t2 REPLACE PARTITION 2 FROM t1',
        { kind: 'replace-partition-from', from: { table: 't1' } },
      ],
      [
        'ALTER TABLE t1 MOVE PARTITION 2 TO TABLE t2',
        { kind: 'move-partition-to-table', to: { table: 't2' } },
      ],
      ['ALTER TABLE visits CLEAR COLUMN hour in PARTITION 201902', { kind: 'clear-column', column: 'hour' }],
      [
        "ALTER TABLE visits CLEAR INDEX idx IN PARTITION ID '201902'",
        { kind: 'clear-index', index: 'idx', partition: { kind: 'id', id: '201902' } },
      ],
      ["ALTER TABLE t FREEZE PARTITION 2019 WITH NAME 'b1'", { kind: 'freeze', withName: 'b1' }],
      ['ALTER TABLE t FREEZE', { kind: 'freeze' }],
      ["ALTER TABLE t UNFREEZE PARTITION 2019 WITH NAME 'b1'", { kind: 'unfreeze', withName: 'b1' }],
      [
        "ALTER TABLE users FETCH PARTITION 201902 FROM '/clickhouse/tables/01-01/visits'",
        { kind: 'fetch-partition', from: '/clickhouse/tables/01-01/visits' },
      ],
      ["ALTER TABLE users FETCH PART 201901_2_2_0 FROM '/p'", { kind: 'fetch-part', name: '201901_2_2_0' }],
      [
        "ALTER TABLE hits MOVE PART '20190301_14343_16206_438' TO VOLUME 'slow'",
        { kind: 'move-part-to-disk', target: { kind: 'volume', name: 'slow' } },
      ],
      [
        "ALTER TABLE hits MOVE PARTITION '2019-09-01' TO DISK 'fast_ssd'",
        { kind: 'move-partition-to-disk', target: { kind: 'disk', name: 'fast_ssd' } },
      ],
      [
        'ALTER TABLE mt UPDATE x = x + 1 IN PARTITION 2 WHERE p = 2',
        { kind: 'update', assignments: [{ column: 'x', expression: 'x + 1' }], where: 'p = 2' },
      ],
      [
        "ALTER TABLE mt DELETE IN PARTITION ID '2' WHERE p = 2",
        { kind: 'delete', partition: { kind: 'id', id: '2' }, where: 'p = 2' },
      ],
    ];
    for (const [sql, action] of cases) {
      const statement = parseStatement(sql);
      expect(statement.kind).toBe('alter');
      expect(statement.kind === 'alter' && statement.action).toMatchObject(action);
    }
  });

  it('parses tuple and function partition expressions', () => {
    const statement = parseStatement(
      "ALTER TABLE visits DETACH PARTITION tuple(toYYYYMM(toDate('2019-01-25')))",
    );
    expect(statement.kind === 'alter' && statement.action).toEqual({
      kind: 'detach-partition',
      partition: {
        kind: 'value',
        expr: {
          kind: 'tuple',
          items: [
            {
              kind: 'call',
              name: 'toYYYYMM',
              args: [{ kind: 'call', name: 'toDate', args: [{ kind: 'string', value: '2019-01-25' }] }],
            },
          ],
        },
      },
    });
    expect(parseStatement('OPTIMIZE TABLE t PARTITION tuple() FINAL')).toMatchObject({
      kind: 'optimize',
      partition: { kind: 'value', expr: { kind: 'tuple', items: [] } },
      final: true,
    });
    expect(parseStatement("ALTER TABLE t DROP PARTITION ('a', -1)")).toMatchObject({
      action: {
        partition: {
          expr: {
            kind: 'tuple',
            items: [
              { kind: 'string', value: 'a' },
              { kind: 'number', text: '-1' },
            ],
          },
        },
      },
    });
  });

  it('parses CREATE TABLE with keys, indexes and storage policy', () => {
    expect(
      parseStatement(`CREATE TABLE IF NOT EXISTS db.visits ON CLUSTER c (
        d Date DEFAULT today(), x Nullable(UInt64), s LowCardinality(String) CODEC(ZSTD(1)),
        INDEX idx_s s TYPE bloom_filter GRANULARITY 4
      ) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY (d, x) PRIMARY KEY d SETTINGS storage_policy = 'tiered', index_granularity = 8192`),
    ).toEqual({
      kind: 'create',
      ifNotExists: true,
      table: { database: 'db', table: 'visits' },
      columns: [
        { name: 'd', type: 'Date' },
        { name: 'x', type: 'Nullable(UInt64)' },
        { name: 's', type: 'LowCardinality(String)' },
      ],
      indices: ['idx_s'],
      engine: 'MergeTree',
      partitionBy: { kind: 'call', name: 'toYYYYMM', args: [{ kind: 'identifier', name: 'd' }] },
      orderBy: '(d, x)',
      primaryKey: 'd',
      tableSettings: { storage_policy: 'tiered', index_granularity: 8192 },
      settings: {},
      format: undefined,
    });
  });

  it('parses SELECT from system tables, SET and trailing SETTINGS/FORMAT', () => {
    expect(
      parseStatement(
        "SELECT name, active FROM system.parts WHERE database = 'db' AND table = 't' AND active = 1 ORDER BY name DESC LIMIT 5 FORMAT JSONEachRow",
      ),
    ).toMatchObject({
      kind: 'select',
      columns: ['name', 'active'],
      from: { database: 'system', table: 'parts' },
      where: [
        { column: 'database', operator: '=', values: ['db'] },
        { column: 'table', operator: '=', values: ['t'] },
        { column: 'active', operator: '=', values: [1] },
      ],
      orderBy: [{ column: 'name', descending: true }],
      limit: 5,
      format: 'JSONEachRow',
    });
    expect(parseStatement('SET allow_drop_detached = 1')).toMatchObject({
      kind: 'set',
      values: { allow_drop_detached: 1 },
    });
    expect(
      parseStatement("ALTER TABLE t DROP DETACHED PART 'x' SETTINGS allow_drop_detached = 1;"),
    ).toMatchObject({ settings: { allow_drop_detached: 1 } });
  });

  it('reports syntax errors with the 1-based position, line and column', () => {
    expect(syntaxErrorOf("ALTER TABLE mt DETACH PARTITON '2020-11-21'")).toBe(
      "Syntax error: failed at position 23 ('PARTITON') (line 1, col 23): PARTITON '2020-11-21'. Expected one of: PARTITION, PART",
    );
    expect(syntaxErrorOf('ALTER TABLE mt\nFROB')).toMatch(
      /failed at position 16 \('FROB'\) \(line 2, col 1\).*Expected one of: DETACH, DROP/,
    );
    expect(syntaxErrorOf('ALTER TABLE mt UNFREEZE')).toMatch(/\(end of query\).*Expected WITH NAME/);
    expect(syntaxErrorOf("SELECT 'unterminated")).toMatch(/Unterminated quoted string/);
    expect(syntaxErrorOf('SET a = 1; SET b = 2')).toMatch(/Multi-statements/);
    expect(() =>
      parseStatement(`ALTER TABLE t DROP PARTITION ${'('.repeat(5000)}1${')'.repeat(5000)}`),
    ).toThrow(expect.objectContaining({ code: 306, codeName: 'TOO_DEEP_RECURSION' }));
  });

  it('refuses a LIMIT beyond UInt64 the way ClickHouse does, and keeps any UInt64', () => {
    expect(() => parseStatement('SELECT name FROM system.parts LIMIT 99999999999999999999')).toThrow(
      expect.objectContaining({
        code: 440,
        codeName: 'INVALID_LIMIT_EXPRESSION',
        message: 'The value 100000000000000000000 of LIMIT expression is not representable as UInt64',
      }),
    );
    expect(parseStatement('SELECT name FROM system.parts LIMIT 18446744073709551615')).toMatchObject({
      limit: Number.MAX_SAFE_INTEGER,
    });
  });

  it('parses the tool probes (BEHAVIOUR.md §6)', () => {
    expect(parseStatement('SELECT 1')).toMatchObject({
      kind: 'probe',
      items: [{ name: '1', expr: { kind: 'number', text: '1' } }],
    });
    expect(parseStatement('SELECT version(), timezone() AS tz FORMAT JSON')).toMatchObject({
      kind: 'probe',
      items: [{ name: 'version()' }, { name: 'tz' }],
      format: 'JSON',
    });
    expect(parseStatement('SHOW DATABASES')).toMatchObject({ kind: 'show-databases' });
    expect(parseStatement('SHOW TABLES FROM db')).toMatchObject({ kind: 'show-tables', database: 'db' });
    expect(parseStatement('DESCRIBE TABLE db.t')).toMatchObject({
      kind: 'describe',
      table: { database: 'db', table: 't' },
    });
    expect(parseStatement('DESC t')).toMatchObject({ kind: 'describe', table: { table: 't' } });
    expect(parseStatement('EXISTS TABLE t')).toMatchObject({ kind: 'exists', table: { table: 't' } });
    expect(parseStatement('SELECT count() FROM system.parts')).toMatchObject({ kind: 'select' });
  });

  it('never throws anything but a ClickHouse error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (sql) => {
        try {
          parseStatement(sql);
        } catch (error) {
          expect(error).toBeInstanceOf(ClickHouseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
