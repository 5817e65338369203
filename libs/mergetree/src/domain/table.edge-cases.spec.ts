import { DeciderSpecification } from '@engine/testing';
import type { MergeTreeEvent } from './mergetree.events';
import { mergeTreeDecider } from './mergetree.decider';
import {
  added,
  cmd,
  created,
  dateDefinition,
  dateSpec,
  day,
  int,
  LATER,
  mt,
  part,
  refusal,
  refused,
  run,
  str,
} from './mergetree.spec-fixtures';
import type { TableDefinition, TableDefinitionSpec } from './table-definition.value-object';
import { partitionKeyExpression } from './table-definition.value-object';

const spec = DeciderSpecification.for(mergeTreeDecider);
const create = (changes: Partial<TableDefinitionSpec>) =>
  cmd('CreateTable', { definition: { ...dateSpec, ...changes }, ifNotExists: false });
const addPart = (date: string, rows = 10, bytesOnDisk = 100) =>
  cmd('AddPart', { values: [str(date)], rows, bytesOnDisk });

describe('CreateTable: edge cases', () => {
  it('names what is wrong with a table it refuses', () => {
    expect(refused([created()], create({}))).toEqual(['TABLE_ALREADY_EXISTS', 'Table db.mt already exists']);
    expect(refused([], create({ columns: [] }))).toEqual([
      'BAD_ARGUMENTS',
      'Table must have at least one column',
    ]);
    expect(refused([], create({ columns: [...dateSpec.columns, { name: 'd', type: 'String' }] }))).toEqual([
      'BAD_ARGUMENTS',
      'Column names in the table are not unique',
    ]);
    expect(refused([], create({ storagePolicy: 'gold' }))).toEqual([
      'UNKNOWN_POLICY',
      'Unknown storage policy `gold`',
    ]);
    // A name Object.prototype carries is no storage policy either.
    expect(refused([], create({ storagePolicy: 'toString' }))[0]).toBe('UNKNOWN_POLICY');
    expect(refused([], create({ partitionKey: [{ function: 'identity', column: 'nope' }] }))).toEqual([
      'UNKNOWN_IDENTIFIER',
      "Missing columns: 'nope' while processing the partition key",
    ]);
    expect(refused([], create({ partitionKey: [{ function: 'toYYYYMM', column: 's' }] }))).toEqual([
      'ILLEGAL_TYPE_OF_ARGUMENT',
      'Illegal type String of argument of function toYYYYMM',
    ]);
    expect(refused([], create({ partitionKey: [{ function: 'intDiv', column: 'd' }] }))).toEqual([
      'ILLEGAL_TYPE_OF_ARGUMENT',
      'Illegal type Date of argument of function intDiv',
    ]);
    expect(refused([], create({ partitionKey: [{ function: 'frobnicate', column: 'x' }] }))).toEqual([
      'UNKNOWN_FUNCTION',
      'Unknown function frobnicate in the partition key',
    ]);
  });

  it('refuses a date function over an array of dates and integer arithmetic over an array of integers', () => {
    const columns = [
      { name: 'ds', type: 'Array(Date)' },
      { name: 'ns', type: 'Array(UInt32)' },
    ];
    expect(refused([], create({ columns, partitionKey: [{ function: 'toYYYYMM', column: 'ds' }] }))[0]).toBe(
      'ILLEGAL_TYPE_OF_ARGUMENT',
    );
    expect(refused([], create({ columns, partitionKey: [{ function: 'intDiv', column: 'ns' }] }))[0]).toBe(
      'ILLEGAL_TYPE_OF_ARGUMENT',
    );
  });

  it('types each key element by its function, looking through Nullable and LowCardinality', () => {
    const columns = [
      { name: 'd', type: 'Nullable(Date)' },
      { name: 'ld', type: 'LowCardinality(Date)' },
      { name: 'lnd', type: 'LowCardinality(Nullable(Date))' },
      { name: 'lnu', type: 'LowCardinality(Nullable(UInt32))' },
      { name: 't', type: 'LowCardinality(Nullable(DateTime))' },
      { name: 'n', type: 'Nullable(Int64)' },
      { name: 'd32', type: 'Date32' },
      { name: 't64', type: 'DateTime64(3)' },
      { name: 's', type: 'String' },
    ];
    const partitionKey = [
      { function: 'toYYYYMM', column: 'd' },
      { function: 'toStartOfHour', column: 't' },
      { function: 'TODATE', column: 'd32' },
      { function: 'toYYYYMMDDhhmmss', column: 't64' },
      { function: 'intDiv', column: 'n', expression: 'intDiv(n, 10)' },
      { function: 'cityHash64', column: 's' },
      { function: 'toString', column: 'd' },
      { function: 'identity', column: 'n' },
      { function: 'toMonday', column: 'ld' },
      { function: 'toYYYYMM', column: 'lnd' },
      { function: 'modulo', column: 'lnu', expression: 'lnu % 4' },
    ];
    const [event] = spec.given([]).when(create({ columns, partitionKey })).events();
    expect(event.type === 'TableCreated' && event.data.definition.partitionKey.map((e) => e.type)).toEqual([
      'UInt32',
      'DateTime',
      'Date',
      'UInt64',
      'Int64',
      'UInt64',
      'String',
      'Nullable(Int64)',
      'Date',
      'UInt32',
      'UInt32',
    ]);
  });

  it('prints the partition key expression as written', () => {
    const key = (...elements: Omit<TableDefinition['partitionKey'][number], 'type'>[]) =>
      partitionKeyExpression(elements.map((e) => ({ ...e, type: 'UInt32' })));
    expect(key({ function: 'identity', column: 'd' })).toBe('d');
    expect(key({ function: 'toYYYYMM', column: 'd' })).toBe('toYYYYMM(d)');
    expect(
      key(
        { function: 'intDiv', column: 'n', expression: 'intDiv(n, 10)' },
        { function: 'identity', column: 's' },
      ),
    ).toBe('tuple(intDiv(n, 10), s)');
  });
});

describe('AddPart: edge cases', () => {
  it('accepts 0 rows and 0 bytes, and records the time of the request', () => {
    spec
      .given([created()])
      .when({ ...addPart('2020-11-21', 0, 0), now: LATER })
      .then([added(part('2020-11-21', 1, { rows: 0, bytesOnDisk: 0, modifiedAt: LATER }))]);
  });

  it('names the field and the value it refuses, and the missing table', () => {
    expect(refused([created()], addPart('2020-11-21', -1))).toEqual([
      'BAD_ARGUMENTS',
      'rows must be a non-negative integer, got -1',
    ]);
    expect(refused([created()], addPart('2020-11-21', 1.5))[1]).toBe(
      'rows must be a non-negative integer, got 1.5',
    );
    expect(refused([created()], addPart('2020-11-21', 2 ** 53))[1]).toBe(
      'rows must be a non-negative integer, got 9007199254740992',
    );
    expect(refused([created()], addPart('2020-11-21', 1, -1))).toEqual([
      'BAD_ARGUMENTS',
      'bytesOnDisk must be a non-negative integer, got -1',
    ]);
    const missing = refusal([], addPart('2020-11-21'));
    expect([missing.code, missing.message, missing.details]).toEqual([
      'UNKNOWN_TABLE',
      'Table db.mt does not exist',
      { table: 'db.mt' },
    ]);
  });

  it('given a table whose storage policy is no longer configured, when a part is added, then it lands on default', () => {
    spec
      .given([created(mt, { ...dateDefinition, storagePolicy: 'retired' })])
      .when(addPart('2020-11-21'))
      .then([added(part('2020-11-21', 1))]);
  });
});

describe('MergeParts: edge cases', () => {
  it('spans the blocks, keeps the highest level and mutation, and sums rows and bytes', () => {
    const { events } = run(
      [
        addPart('2020-11-21', 1, 10),
        addPart('2020-11-21', 2, 20),
        cmd('MergeParts', { partition: day('2020-11-21'), final: false }),
        cmd('DeleteInPartition', { where: 'x = 1', partition: day('2020-11-21') }),
        addPart('2020-11-21', 4, 40),
        { ...cmd('MergeParts', { partition: day('2020-11-21'), final: false }), now: LATER },
      ],
      [created()],
    );
    expect(events.at(-1)).toEqual({
      type: 'PartsMerged',
      data: {
        partitionId: '20201121',
        sourceNames: ['20201121_1_2_1_3', '20201121_4_4_0'],
        part: part('2020-11-21', 1, {
          maxBlock: 4,
          level: 2,
          mutation: 3,
          rows: 7,
          bytesOnDisk: 70,
          modifiedAt: LATER,
        }),
      },
    });
  });

  it('merges the parts by blocks whatever order they were recorded in', () => {
    const [event] = spec
      .given([created(), added(part('2020-11-21', 3)), added(part('2020-11-21', 1))])
      .when(cmd('MergeParts', { final: false }))
      .events();
    expect(event.type === 'PartsMerged' && event.data.sourceNames).toEqual([
      '20201121_1_1_0',
      '20201121_3_3_0',
    ]);
  });

  it('merges every partition in ID order, and nothing for an empty partition even FINAL', () => {
    const history = [
      created(),
      added(part('2020-11-22', 1)),
      added(part('2020-11-22', 2)),
      added(part('2020-11-21', 3)),
      added(part('2020-11-21', 4)),
    ];
    const events = spec
      .given(history)
      .when(cmd('MergeParts', { final: false }))
      .events();
    expect(events.map((e) => e.type === 'PartsMerged' && e.data.partitionId)).toEqual([
      '20201121',
      '20201122',
    ]);
    spec
      .given(history)
      .when(cmd('MergeParts', { partition: day('2021-01-01'), final: true }))
      .thenNothingHappens();
  });
});

describe('RegisterDetachedPart: edge cases', () => {
  const register = (name: string, rows = 3, bytesOnDisk = 4) =>
    cmd('RegisterDetachedPart', { name, rows, bytesOnDisk });
  /** The printed partition the registered part gets. */
  const printed = (history: MergeTreeEvent[], name: string): string => {
    const [event] = spec.given(history).when(register(name)).events();
    if (event.type !== 'DetachedPartRegistered') throw new Error(event.type);
    return event.data.detached.part.partition;
  };
  const keyed = (...partitionKey: TableDefinition['partitionKey']) =>
    created(mt, { ...dateDefinition, partitionKey });

  it('records the whole part, on the first disk of the policy, at the time of the request', () => {
    spec
      .given([created(mt, { ...dateDefinition, storagePolicy: 'tiered' })])
      .when({ ...register('broken_20201121_7_7_0'), now: LATER })
      .then([
        {
          type: 'DetachedPartRegistered',
          data: {
            detached: {
              name: 'broken_20201121_7_7_0',
              reason: 'broken',
              part: part('2020-11-21', 7, { rows: 3, bytesOnDisk: 4, disk: 'fast_ssd', modifiedAt: LATER }),
            },
          },
        },
      ]);
  });

  it('names the directory and the counts it refuses', () => {
    expect(refused([created()], register('not-a-part'))).toEqual([
      'BAD_DATA_PART_NAME',
      'Detached part name not-a-part must be a valid part name, optionally with a reason prefix',
    ]);
    const { state } = run([register('broken_20201121_7_7_0')], [created()]);
    expect(state.detached.has('broken_20201121_7_7_0')).toBe(true);
    const history = [created(), ...run([register('broken_20201121_7_7_0')], [created()]).events];
    expect(refused(history, register('broken_20201121_7_7_0'))).toEqual([
      'DUPLICATE_DATA_PART',
      'Detached part broken_20201121_7_7_0 already exists',
    ]);
    expect(refused([created()], register('broken_20201121_7_7_0', -1))[1]).toBe(
      'rows must be a non-negative integer, got -1',
    );
    expect(refused([created()], register('broken_20201121_7_7_0', 1, -1))[1]).toBe(
      'bytesOnDisk must be a non-negative integer, got -1',
    );
  });

  it('prints the partition back from an all-integer ID, one value unquoted and a tuple quoted', () => {
    expect(printed([keyed()], 'broken_all_1_1_0')).toBe('tuple()');
    expect(printed([created()], 'broken_20201121_7_7_0')).toBe('2020-11-21');
    expect(
      printed([keyed({ function: 'toYYYYMM', column: 'd', type: 'UInt32' })], 'broken_202011_7_7_0'),
    ).toBe('202011');
    const dateAndRegion = keyed(
      { function: 'identity', column: 'd', type: 'Date' },
      { function: 'identity', column: 'x', type: 'Int8' },
    );
    expect(printed([dateAndRegion], 'broken_20201121--3_7_7_0')).toBe("('2020-11-21',-3)");
    // MergeTreePartition::tryParseValueFromID reads the values one after another, '-' between them.
    expect(printed([dateAndRegion], 'broken_20201121-5_7_7_0')).toBe("('2020-11-21',5)");
    expect(printed([dateAndRegion], 'broken_20201121_7_7_0')).toBe('');
    // Not eight digits: no YYYYMMDD, so the number as it is.
    expect(printed([created()], 'broken_2020112_7_7_0')).toBe('2020112');
    expect(printed([created()], 'broken_20201121-5_7_7_0')).toBe('');
    expect(printed([created()], 'broken_20201121x_7_7_0')).toBe('');
    expect(printed([created()], 'broken_202011211_7_7_0')).toBe('202011211');
    // Eight digits are a day only for a Date key.
    const daily = keyed({ function: 'toYYYYMMDD', column: 'd', type: 'UInt32' });
    expect(printed([daily], 'broken_20201121_7_7_0')).toBe('20201121');
  });

  it('takes the printed partition of a hashed ID from a known part of the partition, else leaves it empty', () => {
    const stringKeyed = keyed({ function: 'identity', column: 's', type: 'String' });
    const abc = 'f815b3f19bae3563399d3c6214a8ed43';
    const addAbc = cmd('AddPart', { values: [str('abc')], rows: 1, bytesOnDisk: 1 });
    expect(printed([stringKeyed], `broken_${abc}_5_5_0`)).toBe('');
    const withActive = [stringKeyed, ...run([addAbc], [stringKeyed]).events];
    expect(printed(withActive, `broken_${abc}_5_5_0`)).toBe('abc');
    // Given a detached part printed '' before one printed 'abc', and no active part:
    const history = [
      stringKeyed,
      ...run(
        [register(`broken_${abc}_5_5_0`), addAbc, cmd('DetachPart', { name: `${abc}_1_1_0` })],
        [stringKeyed],
      ).events,
    ];
    expect(printed(history, `ignored_${abc}_6_6_0`)).toBe('abc');
  });

  it('selects partitions by value, not only dates', () => {
    const monthly = created(mt, {
      ...dateDefinition,
      partitionKey: [{ function: 'toYYYYMM', column: 'd', type: 'UInt32' }],
    });
    spec
      .given([monthly])
      .when(cmd('AddPart', { values: [int(202011)], rows: 10, bytesOnDisk: 100 }))
      .then([
        added({ ...part('2020-11-21', 1), partitionId: '202011', partition: '202011', name: '202011_1_1_0' }),
      ]);
  });
});
