import type { ClickHouseClient } from '@clickhouse/client';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { addPart, clickhouse, refusal, rows } from './mergetree-client';

interface PartRow {
  name: string;
  partition: string;
  partition_id: string;
  rows: string;
  min_block_number: string;
  level: number;
  is_frozen: number;
}

describe('MergeTree lifecycle through @clickhouse/client', () => {
  let engine: TestEngine;
  let client: ClickHouseClient;
  const parts = (table: string) =>
    rows<PartRow>(
      client,
      `SELECT name, partition, partition_id, rows, min_block_number, level, is_frozen FROM system.parts WHERE database = 'db' AND table = '${table}' AND active = 1`,
    );
  const detached = (table: string) =>
    rows<{ name: string; reason: string; partition_id: string }>(
      client,
      `SELECT name, reason, partition_id FROM system.detached_parts WHERE database = 'db' AND table = '${table}'`,
    );

  beforeAll(async () => {
    engine = await startEngine();
    client = clickhouse(engine);
    const ddl = (name: string) =>
      `CREATE TABLE db.${name} (d Date, x UInt64, s String) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY (d, x) SETTINGS storage_policy = 'default'`;
    await client.command({ query: ddl('visits') });
    await client.command({ query: ddl('archive') });
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
  });

  it('creates a table once, and IF NOT EXISTS is quiet about the second time', async () => {
    const again = await refusal(
      client.command({ query: 'CREATE TABLE db.visits (d Date) ENGINE = MergeTree ORDER BY d' }),
    );
    expect(again).toMatchObject({ code: '57', type: 'TABLE_ALREADY_EXISTS' });
    await client.command({
      query: 'CREATE TABLE IF NOT EXISTS db.visits (d Date) ENGINE = MergeTree ORDER BY d',
    });
  });

  it('names added parts with the next block number', async () => {
    expect(await addPart(engine, 'visits', 201901)).toBe('201901_1_1_0');
    expect(await addPart(engine, 'visits', 201901)).toBe('201901_2_2_0');
    expect(await addPart(engine, 'visits', 201902)).toBe('201902_3_3_0');
    expect((await parts('visits')).map((p) => [p.name, p.partition, p.rows])).toEqual([
      ['201901_1_1_0', '201901', '100'],
      ['201901_2_2_0', '201901', '100'],
      ['201902_3_3_0', '201902', '100'],
    ]);
  });

  it('detaches a partition into detached and attaches it back under new block numbers', async () => {
    await client.command({
      query: "ALTER TABLE visits DETACH PARTITION tuple(toYYYYMM(toDate('2019-01-25')))",
    });
    expect((await parts('visits')).map((p) => p.name)).toEqual(['201902_3_3_0']);
    expect(await detached('visits')).toEqual([
      { name: '201901_1_1_0', reason: '', partition_id: '201901' },
      { name: '201901_2_2_0', reason: '', partition_id: '201901' },
    ]);
    await client.command({ query: 'ALTER TABLE visits ATTACH PARTITION 201901' });
    expect((await parts('visits')).map((p) => p.name)).toEqual([
      '201901_4_4_0',
      '201901_5_5_0',
      '201902_3_3_0',
    ]);
    expect(await detached('visits')).toEqual([]);

    await client.command({ query: "ALTER TABLE visits DETACH PART '201901_4_4_0'" });
    await client.command({ query: 'ALTER TABLE visits ATTACH PART 201901_4_4_0' });
    expect((await parts('visits')).map((p) => p.name)).toContain('201901_6_6_0');
    const missing = await refusal(client.command({ query: "ALTER TABLE visits ATTACH PART '201901_4_4_0'" }));
    expect(missing).toMatchObject({ code: '233', type: 'BAD_DATA_PART_NAME' });
    expect(missing.message).toContain('Detached part "201901_4_4_0" not found');
  });

  it('merges a partition with OPTIMIZE ... FINAL', async () => {
    await client.command({ query: 'OPTIMIZE TABLE visits PARTITION 201901 FINAL' });
    const merged = (await parts('visits')).filter((p) => p.partition_id === '201901');
    expect(merged.map((p) => [p.name, p.rows, p.level])).toEqual([['201901_5_6_1', '200', 1]]);
    // BEHAVIOUR.md §6: the merged-away parts stay in system.parts as inactive (old_parts_lifetime).
    const inactive = await rows<{ name: string }>(
      client,
      "SELECT name FROM system.parts WHERE table = 'visits' AND active = 0 ORDER BY name",
    );
    expect(inactive.map((p) => p.name)).toEqual(['201901_5_5_0', '201901_6_6_0']);
  });

  it('freezes with and without a name, marks the parts frozen, and unfreezes', async () => {
    await client.command({ query: 'ALTER TABLE visits FREEZE PARTITION 201902' });
    await client.command({ query: "ALTER TABLE visits FREEZE WITH NAME 'nightly'" });
    expect((await parts('visits')).every((p) => p.is_frozen === 1)).toBe(true);
    const overview = await engine.request('GET', '/engine/v1/mergetree/tables/db/visits', {
      key: keys.reader,
    });
    expect(
      (overview.json as { frozenBackups: { name: string; increment: number; parts: string[] }[] })
        .frozenBackups,
    ).toEqual([
      expect.objectContaining({ name: '1', increment: 1, parts: ['201902_3_3_0'] }),
      expect.objectContaining({ name: 'nightly', increment: 2, parts: ['201901_5_6_1', '201902_3_3_0'] }),
    ]);
    await client.command({ query: "ALTER TABLE visits UNFREEZE WITH NAME 'nightly'" });
    await client.command({ query: "ALTER TABLE visits UNFREEZE PARTITION 201902 WITH NAME '1'" });
    expect((await parts('visits')).map((p) => p.is_frozen)).toEqual([0, 0]);
    const syntax = await refusal(client.command({ query: 'ALTER TABLE visits UNFREEZE' }));
    expect(syntax).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
  });

  it('drops detached parts only with allow_drop_detached (URL setting, SETTINGS clause or SET in a session)', async () => {
    await client.command({ query: 'ALTER TABLE visits DETACH PARTITION ALL' });
    expect((await detached('visits')).length).toBe(2);
    const disabled = await refusal(
      client.command({ query: "ALTER TABLE visits DROP DETACHED PART '201902_3_3_0'" }),
    );
    expect(disabled).toMatchObject({ code: '344', type: 'SUPPORT_IS_DISABLED' });
    expect(disabled.message).toContain('DROP DETACHED PART is disabled (see allow_drop_detached setting)');
    expect((await detached('visits')).length).toBe(2);

    await client.command({
      query: "ALTER TABLE visits DROP DETACHED PART '201902_3_3_0' SETTINGS allow_drop_detached = 1",
    });
    expect((await detached('visits')).map((d) => d.name)).toEqual(['201901_5_6_1']);

    const session = clickhouse(engine, keys.operator, { session_id: 'ops-session' });
    await session.command({ query: 'SET allow_drop_detached = 1' });
    await session.command({ query: 'ALTER TABLE visits DROP DETACHED PARTITION 201901' });
    await session.close();
    expect(await detached('visits')).toEqual([]);

    await addPart(engine, 'visits', 201903);
    await client.command({ query: 'ALTER TABLE visits DETACH PARTITION 201903' });
    await client.command({
      query: 'ALTER TABLE visits DROP DETACHED PARTITION ALL',
      clickhouse_settings: { allow_drop_detached: 1 } as never,
    });
    expect(await detached('visits')).toEqual([]);
  });

  it('moves a partition to another table without losing or duplicating parts', async () => {
    await addPart(engine, 'visits', 201904);
    await addPart(engine, 'visits', 201904);
    await addPart(engine, 'archive', 201904);
    await client.command({ query: 'ALTER TABLE visits MOVE PARTITION 201904 TO TABLE archive' });
    expect((await parts('visits')).filter((p) => p.partition_id === '201904')).toEqual([]);
    const archived = (await parts('archive')).map((p) => p.name);
    expect(archived).toEqual(['201904_1_1_0', '201904_2_2_0', '201904_3_3_0']);
    const sameTable = await refusal(
      client.command({ query: 'ALTER TABLE visits MOVE PARTITION 201903 TO TABLE visits' }),
    );
    expect(sameTable).toMatchObject({ code: '36', type: 'BAD_ARGUMENTS' });
  });

  it('copies with ATTACH PARTITION FROM and replaces with REPLACE PARTITION FROM', async () => {
    await client.command({ query: 'ALTER TABLE visits ATTACH PARTITION 201904 FROM archive' });
    expect((await parts('visits')).filter((p) => p.partition_id === '201904').length).toBe(3);
    await addPart(engine, 'archive', 201905);
    await client.command({ query: 'ALTER TABLE visits REPLACE PARTITION 201904 FROM archive' });
    expect((await parts('visits')).filter((p) => p.partition_id === '201904').length).toBe(3);
    expect((await parts('archive')).length).toBe(4);
    await client.command({
      query: 'CREATE TABLE db.narrow (d Date) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY d',
    });
    const incompatible = await refusal(
      client.command({ query: 'ALTER TABLE narrow ATTACH PARTITION 201904 FROM archive' }),
    );
    expect(incompatible).toMatchObject({ code: '122', type: 'INCOMPATIBLE_COLUMNS' });
  });

  it('records mutations, disk moves, fetches and FORGET as lifecycle facts', async () => {
    await client.command({ query: 'ALTER TABLE archive CLEAR COLUMN s IN PARTITION 201905' });
    await client.command({ query: 'ALTER TABLE archive UPDATE x = x + 1 IN PARTITION 201905 WHERE x = 2' });
    expect((await parts('archive')).filter((p) => p.partition_id === '201905').map((p) => p.name)).toEqual([
      '201905_4_4_0_6',
    ]);
    const noColumn = await refusal(
      client.command({ query: 'ALTER TABLE archive CLEAR COLUMN nope IN PARTITION 201905' }),
    );
    // BEHAVIOUR.md §6: 10 NOT_FOUND_COLUMN_IN_BLOCK in current ClickHouse.
    expect(noColumn).toMatchObject({ code: '10', type: 'NOT_FOUND_COLUMN_IN_BLOCK' });
    const noDisk = await refusal(
      client.command({ query: "ALTER TABLE archive MOVE PARTITION 201905 TO DISK 'fast_ssd'" }),
    );
    expect(noDisk).toMatchObject({ code: '479', type: 'UNKNOWN_DISK' });

    // FETCH is for Replicated tables only: a plain MergeTree answers 48 (BEHAVIOUR.md §6).
    const plain = await refusal(
      client.command({
        query: "ALTER TABLE visits FETCH PARTITION 201905 FROM '/clickhouse/tables/01-01/db.archive'",
      }),
    );
    expect(plain).toMatchObject({ code: '48', type: 'NOT_IMPLEMENTED' });
    await client.command({
      query:
        "CREATE TABLE db.replica (d Date, x UInt64, s String) ENGINE = ReplicatedMergeTree('/clickhouse/tables/01/replica', 'r1') PARTITION BY toYYYYMM(d) ORDER BY (d, x) SETTINGS storage_policy = 'default'",
    });
    const noSource = await refusal(
      client.command({
        query: "ALTER TABLE replica FETCH PARTITION 201905 FROM '/clickhouse/tables/01/nowhere'",
      }),
    );
    expect(noSource).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    await client.command({
      query: "ALTER TABLE replica FETCH PARTITION 201905 FROM '/clickhouse/tables/01-01/db.archive'",
    });
    expect((await detached('replica')).map((d) => d.name)).toEqual(['201905_4_4_0_6']);
    await client.command({ query: 'ALTER TABLE replica ATTACH PARTITION 201905' });
    expect((await parts('replica')).filter((p) => p.partition_id === '201905').length).toBe(1);
    await client.command({ query: 'ALTER TABLE visits ATTACH PARTITION 201905 FROM archive' });

    await client.command({ query: 'ALTER TABLE visits DROP PARTITION 201905' });
    await client.command({ query: 'ALTER TABLE visits FORGET PARTITION 201905' });
    const notEmpty = await refusal(client.command({ query: 'ALTER TABLE visits FORGET PARTITION 201904' }));
    expect(notEmpty).toMatchObject({ code: '716', type: 'CANNOT_FORGET_PARTITION' });
  });
});
