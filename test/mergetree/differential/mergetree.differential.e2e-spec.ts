import * as fs from 'node:fs';
import * as path from 'node:path';
import { keys, startEngine, TestEngine } from '../../support/engine-harness';
import { addPart } from '../mergetree-client';
import { RealClickHouse } from './clickhouse-server';

/**
 * The same statements against a real ClickHouse server (Debian 12's clickhouse-server, 18.16) and
 * the engine, comparing after every step: active parts (names carry partition ID, block numbers
 * and level), their printed partition, detached parts, FREEZE backups and error codes. A real
 * INSERT of one partition's rows is one part registration on the engine.
 *
 * Where 18.16 differs from current ClickHouse, the step is a named gap (GAPS below): the test
 * asserts what 18.16 answers and what the engine answers (current ClickHouse, from its source).
 */

interface TableState {
  active: { name: string; partition: string }[];
  /** Merged-away parts, kept until old_parts_lifetime (480 s) has passed. */
  inactive: string[];
  detached: string[];
  backups: Record<string, string[]>;
}

interface Answer {
  code: number;
  status: number;
  text: string;
}

const DB = 'db';

interface Backup {
  name: string;
  parts: string[];
}

describe('differential: the engine against a real ClickHouse server', () => {
  let server: RealClickHouse;
  let engine: TestEngine;

  beforeAll(async () => {
    // One after the other, so afterAll stops whichever started even if the other failed.
    server = await RealClickHouse.start();
    engine = await startEngine();
    expect((await server.query(`CREATE DATABASE ${DB}`)).code).toBe(0);
  }, 900_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), engine?.close()]);
  });

  async function onEngine(sql: string): Promise<Answer> {
    const response = await engine.request('POST', `/clickhouse?database=${DB}`, {
      rawBody: sql,
      key: keys.operator,
      headers: { 'content-type': 'text/plain' },
    });
    const header = response.headers.get('x-clickhouse-exception-code');
    return { code: header ? Number(header) : 0, status: response.status, text: response.text };
  }

  async function serverState(table: string): Promise<TableState> {
    const active = await server.rows<{ name: string; partition: string }>(
      `SELECT name, partition FROM system.parts WHERE database = '${DB}' AND table = '${table}' AND active ORDER BY name`,
    );
    // Parts a REPLACE or DROP removed carry remove_time 0 ("clear without timeout"): the server
    // deletes them at its next cleanup, seconds later, the engine at once; merged-away parts stay
    // for old_parts_lifetime on both.
    const inactive = await server.rows<{ name: string }>(
      `SELECT name FROM system.parts WHERE database = '${DB}' AND table = '${table}' AND active = 0
       AND remove_time > toDateTime(0) ORDER BY name`,
    );
    return {
      active,
      inactive: inactive.map((p) => p.name),
      detached: server.detached(DB, table),
      backups: server.backups(DB, table),
    };
  }

  async function engineState(table: string): Promise<TableState> {
    const read = async <T>(sql: string): Promise<T[]> => {
      const answer = await onEngine(`${sql} FORMAT JSONEachRow`);
      if (answer.code !== 0) throw new Error(`engine: ${answer.text}`);
      return answer.text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as T);
    };
    const active = (
      await read<{ name: string; partition: string }>(
        `SELECT name, partition FROM system.parts WHERE database = '${DB}' AND table = '${table}' AND active = 1`,
      )
    ).sort((a, b) => a.name.localeCompare(b.name));
    const inactive = (
      await read<{ name: string }>(
        `SELECT name FROM system.parts WHERE database = '${DB}' AND table = '${table}' AND active = 0`,
      )
    )
      .map((p) => p.name)
      .sort();
    const detached = (
      await read<{ name: string }>(
        `SELECT name FROM system.detached_parts WHERE database = '${DB}' AND table = '${table}'`,
      )
    )
      .map((d) => d.name)
      .sort();
    const overview = await engine.request('GET', `/engine/v1/mergetree/tables/${DB}/${table}`, {
      key: keys.operator,
    });
    const backups: Record<string, string[]> = {};
    const frozen =
      overview.status === 200 ? (overview.json as { frozenBackups: Backup[] }).frozenBackups : [];
    for (const b of frozen) {
      if (b.parts.length > 0) backups[b.name] = [...b.parts].sort();
    }
    return { active, inactive, detached, backups };
  }

  async function expectSameState(tables: readonly string[]): Promise<void> {
    for (const table of tables) {
      const [real, ours] = await Promise.all([serverState(table), engineState(table)]);
      expect({ table, ...ours }).toEqual({ table, ...real });
    }
  }

  /** One statement on both, the same error code (0 = success), then the same state of `tables`. */
  async function step(sql: string, tables: readonly string[]): Promise<number> {
    const [real, ours] = await Promise.all([server.query(sql, DB), onEngine(sql)]);
    expect({ sql, code: ours.code }).toEqual({ sql, code: real.code });
    await expectSameState(tables);
    return real.code;
  }

  /** An INSERT of one partition's rows on the server; one part registration on the engine. */
  async function insert(table: string, values: string, partition: unknown): Promise<void> {
    const real = await server.query(`INSERT INTO ${DB}.${table} VALUES ${values}`);
    expect(real.code).toBe(0);
    await addPart(engine, table, partition);
    await expectSameState([table]);
  }

  describe('partition keys of every type give the same partition IDs', () => {
    const tables: [string, string, string, string, unknown][] = [
      ['flat', '(x UInt8)', 'tuple()', '(1)', []],
      ['days', '(d Date, x UInt8)', 'd', "('2019-01-02', 1)", '2019-01-02'],
      ['months', '(d Date, x UInt8)', 'toYYYYMM(d)', "('2019-01-25', 1)", 201901],
      ['signed', '(n Int8, x UInt8)', 'n', '(-5, 1)', -5],
      ['unsigned', '(n UInt64, x UInt8)', 'n', '(18446744073709551615, 1)', '18446744073709551615'],
      ['stamps', '(t DateTime, x UInt8)', 't', "('2019-01-01 10:20:30', 1)", '2019-01-01 10:20:30'],
      ['strs', '(s String, x UInt8)', 's', "('abc', 1)", 'abc'],
      ['fixed', '(s FixedString(3), x UInt8)', 's', "('abc', 1)", 'abc'],
      ['floats', '(f Float64, x UInt8)', 'f', '(1.5, 1)', 1.5],
      ['singles', '(f Float32, x UInt8)', 'f', '(0.1, 1)', 0.1],
      ['enums', "(e Enum8('a' = 1, 'b' = 2), x UInt8)", 'e', "('b', 1)", 'b'],
      ['mixed', '(s String, n Int32, x UInt8)', '(s, n)', "('a', -3, 1)", ['a', -3]],
      ['datestr', '(d Date, s String, x UInt8)', '(d, s)', "('2019-01-02', 'x', 1)", ['2019-01-02', 'x']],
      ['ints', '(a UInt32, n Int16, x UInt8)', '(a, n)', '(201901, -3, 1)', [201901, -3]],
      [
        'hours',
        '(t DateTime, n UInt32)',
        '(toStartOfHour(t), intDiv(n, 10))',
        "('2019-01-01 10:20:00', 25)",
        ['2019-01-01 10:00:00', 2],
      ],
      ['mondays', '(d Date, x UInt8)', 'toMonday(d)', "('2019-01-03', 1)", '2018-12-31'],
      ['years', '(d Date, x UInt8)', 'toYear(d)', "('2019-01-03', 1)", 2019],
    ];

    it.each(tables)('%s %s PARTITION BY %s', async (table, columns, key, values, partition) => {
      const order = columns.includes('x UInt8') ? 'x' : 'n';
      await step(
        `CREATE TABLE ${DB}.${table} ${columns} ENGINE = MergeTree PARTITION BY ${key} ORDER BY ${order}`,
        [table],
      );
      await insert(table, values, partition);
      await insert(table, values, partition);
    });

    it('finds a partition by the ID read from the server, and by every expression form', async () => {
      const [{ partition_id: id }] = await server.rows<{ partition_id: string }>(
        `SELECT partition_id FROM system.parts WHERE database = '${DB}' AND table = 'strs' LIMIT 1`,
      );
      await step(`ALTER TABLE strs DETACH PARTITION ID '${id}'`, ['strs']);
      await step(`ALTER TABLE strs ATTACH PARTITION 'abc'`, ['strs']);
      await step(`ALTER TABLE mixed DETACH PARTITION ('a', -3)`, ['mixed']);
      await step(`ALTER TABLE mixed ATTACH PARTITION ('a', -3)`, ['mixed']);
      await step(`ALTER TABLE months DETACH PARTITION toYYYYMM(toDate('2019-01-25'))`, ['months']);
      await step(`ALTER TABLE months ATTACH PARTITION 201901`, ['months']);
      await step(`ALTER TABLE days DETACH PARTITION '2019-01-02'`, ['days']);
      await step(`ALTER TABLE days ATTACH PARTITION ID '20190102'`, ['days']);
      await step(`ALTER TABLE enums DETACH PARTITION 'b'`, ['enums']);
      await step(`ALTER TABLE enums ATTACH PARTITION ID '2'`, ['enums']);
      await step(`ALTER TABLE floats DROP PARTITION 1.5`, ['floats']);
      await step(`ALTER TABLE hours DETACH PARTITION ('2019-01-01 10:00:00', 2)`, ['hours']);
      await step(`ALTER TABLE hours ATTACH PARTITION ID '1546336800-2'`, ['hours']);
      await step(`ALTER TABLE flat DETACH PARTITION tuple()`, ['flat']);
      await step(`ALTER TABLE flat ATTACH PARTITION ID 'all'`, ['flat']);
    });
  });

  describe('the lifecycle of one table, step by step', () => {
    const ddl = (table: string) =>
      `CREATE TABLE ${DB}.${table} (d Date, x UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x`;
    const tables = ['visits', 'archive'];

    it('inserts, merges with OPTIMIZE FINAL and detaches and attaches partitions and parts', async () => {
      await step(ddl('visits'), tables);
      await step(ddl('archive'), tables);
      await insert('visits', "('2019-01-05', 1)", 201901);
      await insert('visits', "('2019-01-06', 2)", 201901);
      await insert('visits', "('2019-02-01', 3)", 201902);
      await insert('visits', "('2019-03-01', 4)", 201903);
      await step('OPTIMIZE TABLE visits PARTITION 201901 FINAL', tables);
      await step('ALTER TABLE visits DETACH PARTITION 201902', tables);
      await step('ALTER TABLE visits ATTACH PARTITION 201902', tables);
      await step('ALTER TABLE visits DETACH PARTITION 201901', tables);
      // The merged part keeps its level when attached under a new block number.
      await step("ALTER TABLE visits ATTACH PART '201901_1_2_1'", tables);
      await step('ALTER TABLE visits DROP PARTITION 201903', tables);
    });

    it('copies with ATTACH PARTITION FROM and REPLACE PARTITION (block hole, level kept)', async () => {
      await insert('archive', "('2019-01-07', 5)", 201901);
      await insert('archive', "('2019-01-08', 6)", 201901);
      await step('OPTIMIZE TABLE archive PARTITION 201901 FINAL', tables);
      await insert('archive', "('2019-04-01', 7)", 201904);
      await step('ALTER TABLE visits ATTACH PARTITION 201904 FROM archive', tables);
      await step('ALTER TABLE visits REPLACE PARTITION 201901 FROM archive', tables);
      await step('ALTER TABLE visits ATTACH PARTITION 201901 FROM archive', tables);
      // A REPLACE with nothing to drop or copy still takes a block number.
      await step('ALTER TABLE archive REPLACE PARTITION 201906 FROM visits', tables);
      await insert('archive', "('2019-06-01', 8)", 201906);
    });

    it('freezes with one server-wide increment', async () => {
      await step('ALTER TABLE visits FREEZE PARTITION 201904', tables);
      await step('ALTER TABLE archive FREEZE', tables);
      await step('ALTER TABLE visits FREEZE', tables);
      await step('OPTIMIZE TABLE visits FINAL', tables);
    });

    it('restores a FREEZE backup through detached; DETACH onto the taken name writes _try1', async () => {
      await step(ddl('restored'), ['restored']);
      await insert('restored', "('2019-01-05', 1)", 201901);
      const before = server.backups(DB, 'restored');
      await step('ALTER TABLE restored FREEZE', ['restored']);
      const [backup] = Object.keys(server.backups(DB, 'restored')).filter((b) => !(b in before));
      // The seed's workflow: copy the backup's part into detached/, then ATTACH.
      fs.cpSync(
        path.join(server.dataPath, 'shadow', backup, 'data', DB, 'restored', '201901_1_1_0'),
        path.join(server.dataPath, 'data', DB, 'restored', 'detached', '201901_1_1_0'),
        { recursive: true },
      );
      const registered = await engine.request('POST', `/engine/v1/mergetree/tables/${DB}/restored/detached`, {
        body: { name: '201901_1_1_0', rows: 1, bytesOnDisk: 1 },
        key: keys.operator,
      });
      expect(registered.status).toBe(201);
      await expectSameState(['restored']);
      await step('ALTER TABLE restored DETACH PARTITION 201901', ['restored']);
      await step('ALTER TABLE restored ATTACH PARTITION 201901', ['restored']);
    });

    it('answers the same error codes', async () => {
      const codes: [string, number][] = [
        ['ALTER TABLE nope DETACH PARTITION 201901', 60],
        ["ALTER TABLE visits DETACH PARTITION 'abc'", 53],
        ['ALTER TABLE visits DETACH PARTITION (201901, 2)', 248],
        ["ALTER TABLE visits ATTACH PART 'nonsense'", 233],
        ['ALTER TABLE visits ATTACH PARTITION 201901 FROM nope', 60],
        ["ALTER TABLE visits FETCH PARTITION 201901 FROM '/clickhouse/tables/01/visits'", 48],
        ['ALTER TABLE visits DETACH PARTITION', 62],
        ['CREATE TABLE db.visits (d Date) ENGINE = MergeTree ORDER BY d', 57],
        ['ALTER TABLE nodb.visits DETACH PARTITION 201901', 81],
      ];
      for (const [sql, code] of codes) expect(await step(sql, tables)).toBe(code);
    });

    it('continues block numbers from the parts, not from a broken_ part in detached', async () => {
      await step(ddl('broken'), ['broken']);
      await insert('broken', "('2019-01-05', 1)", 201901);
      // A part found broken: ClickHouse renames it broken_<name> in detached; an executor reports it.
      await step('ALTER TABLE broken DETACH PARTITION 201901', ['broken']);
      const detached = path.join(server.dataPath, 'data', DB, 'broken', 'detached');
      fs.renameSync(path.join(detached, '201901_1_1_0'), path.join(detached, 'broken_201901_7_7_0'));
      await onEngine("ALTER TABLE broken DROP DETACHED PART '201901_1_1_0' SETTINGS allow_drop_detached = 1");
      await engine.request('POST', `/engine/v1/mergetree/tables/${DB}/broken/detached`, {
        body: { name: 'broken_201901_7_7_0', rows: 1, bytesOnDisk: 1 },
        key: keys.operator,
      });
      await expectSameState(['broken']);
      await insert('broken', "('2019-01-06', 2)", 201901);
    });
  });
  describe('tool probes answer as the server does', () => {
    async function both(sql: string): Promise<[unknown[], unknown[]]> {
      const parse = (text: string) =>
        text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as unknown);
      const [real, ours] = await Promise.all([
        server.query(`${sql} FORMAT JSONEachRow`, DB),
        onEngine(`${sql} FORMAT JSONEachRow`),
      ]);
      expect({ sql, code: ours.code }).toEqual({ sql, code: real.code });
      return [parse(ours.text), parse(real.text)];
    }

    it.each([
      'SELECT 1',
      'SELECT currentDatabase()',
      'SHOW DATABASES',
      'SHOW TABLES FROM db',
      'SHOW TABLES',
      'EXISTS TABLE db.visits',
      'EXISTS TABLE db.nope',
      "SELECT name FROM system.databases WHERE name = 'db'",
      "SELECT name, engine FROM system.tables WHERE database = 'db' AND name = 'visits'",
    ])('%s', async (sql) => {
      const [ours, real] = await both(sql);
      expect(ours).toEqual(real);
    });

    it('SELECT timezone() is UTC on both (18.16 names it Etc/UTC)', async () => {
      const [ours, real] = await both('SELECT timezone()');
      expect(ours).toEqual([{ 'timezone()': 'UTC' }]);
      expect(real).toEqual([{ 'timezone()': expect.stringMatching(/^(Etc\/)?UTC$/) }]);
    });

    it('DESCRIBE TABLE gives the same names and types', async () => {
      const [ours, real] = await both('DESCRIBE TABLE db.visits');
      const pick = (rows: unknown[]) =>
        rows.map((r) => [(r as { name: string }).name, (r as { type: string }).type]);
      expect(pick(ours)).toEqual(pick(real));
    });

    it('SELECT version() is a version string on both (the engine reports current ClickHouse)', async () => {
      const [ours, real] = await both('SELECT version()');
      expect([ours, real]).toEqual([
        [{ 'version()': expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) }],
        [{ 'version()': '18.16.1' }],
      ]);
    });
  });

  /**
   * Named gaps: Debian's 18.16 server and current ClickHouse disagree. Each test asserts what the
   * 18.16 server answers and that the engine answers as current ClickHouse (source named).
   */
  describe('gaps between 18.16 and current ClickHouse (the engine follows current)', () => {
    let serial = 0;
    /** A fresh table with one part 201901_1_1_0 on both sides. */
    async function freshTable(): Promise<string> {
      const table = `gap${++serial}`;
      await step(
        `CREATE TABLE ${DB}.${table} (d Date, x UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x`,
        [table],
      );
      await insert(table, "('2019-01-05', 1)", 201901);
      return table;
    }

    const GAPS: {
      gap: string;
      sql: (t: string) => string;
      server18: number;
      current: number;
      source: string;
    }[] = [
      {
        gap: 'PARTITION ALL is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} DETACH PARTITION ALL`,
        server18: 47,
        current: 0,
        source: 'src/Parsers/ParserPartition.cpp (ALL); seed clickhouse-manipulating-partitions',
      },
      {
        gap: 'DETACH PART is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} DETACH PART '201901_1_1_0'`,
        server18: 62,
        current: 0,
        source: 'src/Parsers/ParserAlterQuery.cpp (DETACH PART)',
      },
      {
        gap: 'DROP PART is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} DROP PART '201901_1_1_0'`,
        server18: 62,
        current: 0,
        source: 'src/Parsers/ParserAlterQuery.cpp (DROP PART)',
      },
      {
        gap: 'DROP DETACHED is newer than 18.16; current refuses it without allow_drop_detached',
        sql: (t) => `ALTER TABLE ${t} DROP DETACHED PARTITION 201901`,
        server18: 62,
        current: 344,
        source: 'seed clickhouse-manipulating-partitions (DROP DETACHED, allow_drop_detached)',
      },
      {
        gap: 'UNFREEZE is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} UNFREEZE WITH NAME 'none'`,
        server18: 62,
        current: 0,
        source: 'src/Parsers/ParserAlterQuery.cpp (UNFREEZE)',
      },
      {
        gap: 'UPDATE ... IN PARTITION is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} UPDATE x = 2 IN PARTITION 201901 WHERE x = 1`,
        server18: 62,
        current: 0,
        source: 'src/Parsers/ParserAlterQuery.cpp (UPDATE ... IN PARTITION)',
      },
      {
        gap: 'DELETE IN PARTITION is newer than 18.16',
        sql: (t) => `ALTER TABLE ${t} DELETE IN PARTITION 201901 WHERE x = 1`,
        server18: 62,
        current: 0,
        source: 'src/Parsers/ParserAlterQuery.cpp (DELETE IN PARTITION)',
      },
      {
        gap: 'CLEAR COLUMN of an unknown column: 18.16 says 44, current 10',
        sql: (t) => `ALTER TABLE ${t} CLEAR COLUMN nope IN PARTITION 201901`,
        server18: 44,
        current: 10,
        source: 'BEHAVIOUR.md §6 (NOT_FOUND_COLUMN_IN_BLOCK)',
      },
      {
        gap: 'ATTACH PART with a path: 18.16 says 233, current 79 INCORRECT_FILE_NAME',
        sql: (t) => `ALTER TABLE ${t} ATTACH PART '../x'`,
        server18: 233,
        current: 79,
        source: 'BEHAVIOUR.md §2 (names with /, . or .. fail with 79)',
      },
      {
        gap: 'ATTACH PART of a missing detached part: 18.16 says 226, current 233',
        sql: (t) => `ALTER TABLE ${t} ATTACH PART '201901_99_99_0'`,
        server18: 226,
        current: 233,
        source: 'BEHAVIOUR.md §2 (Detached part "x" not found, BAD_DATA_PART_NAME)',
      },
    ];

    it.each(GAPS)('$gap', async ({ sql, server18, current }) => {
      const table = await freshTable();
      const [real, ours] = await Promise.all([server.query(sql(table), DB), onEngine(sql(table))]);
      expect({ server: real.code, engine: ours.code }).toEqual({ server: server18, engine: current });
    });

    it('HTTP status of 53 TYPE_MISMATCH: 18.16 sends 500, current 400 (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp)', async () => {
      const table = await freshTable();
      const sql = `ALTER TABLE ${table} DETACH PARTITION 'abc'`;
      const [real, ours] = await Promise.all([server.query(sql, DB), onEngine(sql)]);
      expect({ server: [real.code, real.status], engine: [ours.code, ours.status] }).toEqual({
        server: [53, 500],
        engine: [53, 400],
      });
    });

    it('CLEAR COLUMN IN PARTITION: 18.16 rewrites the part in place, current runs a mutation (name gets _N) (src/Storages/MutationCommands.cpp)', async () => {
      const table = await freshTable();
      await step(`ALTER TABLE ${table} CLEAR COLUMN x IN PARTITION 201901`, []);
      const [real, ours] = await Promise.all([serverState(table), engineState(table)]);
      expect([real.active.map((p) => p.name), real.inactive]).toEqual([['201901_1_1_0'], []]);
      expect([ours.active.map((p) => p.name), ours.inactive]).toEqual([
        [expect.stringMatching(/^201901_1_1_0_\d+$/)],
        ['201901_1_1_0'],
      ]);
    });

    it('FREEZE WITH NAME: 18.16 does not take the server increment, current does; a used name is 84 on both (MergeTreeData::freezePartitionsByMatcher)', async () => {
      const table = await freshTable();
      const increment = () =>
        Number(fs.readFileSync(path.join(server.dataPath, 'shadow', 'increment.txt'), 'utf8'));
      const before = increment();
      expect(await step(`ALTER TABLE ${table} FREEZE WITH NAME 'nightly'`, [])).toBe(0);
      expect(increment()).toBe(before);
      expect((await serverState(table)).backups).toEqual({ nightly: ['201901_1_1_0'] });
      const overview = await engine.request('GET', `/engine/v1/mergetree/tables/${DB}/${table}`, {
        key: keys.operator,
      });
      expect(
        (overview.json as { frozenBackups: { name: string; increment: number }[] }).frozenBackups,
      ).toEqual([expect.objectContaining({ name: 'nightly', increment: before + 1 })]);
      expect(await step(`ALTER TABLE ${table} FREEZE WITH NAME 'nightly'`, [table])).toBe(84);
    });
  });
});
