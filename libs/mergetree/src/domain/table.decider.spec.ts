import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import {
  added,
  cmd,
  created,
  dateDefinition,
  dateSpec,
  day,
  mt,
  part,
  refusedWith,
  str,
} from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);

describe('CreateTable', () => {
  it('creates the table and types each partition key element', () => {
    spec
      .given([])
      .when(cmd('CreateTable', { definition: dateSpec, ifNotExists: false }))
      .then([created()]);
    const [event] = spec
      .given([])
      .when(
        cmd('CreateTable', {
          definition: {
            ...dateSpec,
            partitionKey: [
              { function: 'toYYYYMM', column: 'd' },
              { function: 'identity', column: 's' },
            ],
          },
          ifNotExists: false,
        }),
      )
      .events();
    expect(event.type === 'TableCreated' && event.data.definition.partitionKey.map((e) => e.type)).toEqual([
      'UInt32',
      'String',
    ]);
  });

  it('refuses an existing table (TABLE_ALREADY_EXISTS) unless IF NOT EXISTS', () => {
    spec
      .given([created()])
      .when(cmd('CreateTable', { definition: dateSpec, ifNotExists: false }))
      .thenThrows(refusedWith('TABLE_ALREADY_EXISTS'));
    spec
      .given([created()])
      .when(cmd('CreateTable', { definition: dateSpec, ifNotExists: true }))
      .thenNothingHappens();
  });

  it('refuses unknown key columns, date functions over non-dates and unknown storage policies', () => {
    const create = (changes: object) =>
      cmd('CreateTable', { definition: { ...dateSpec, ...changes }, ifNotExists: false });
    spec
      .given([])
      .when(create({ partitionKey: [{ function: 'identity', column: 'nope' }] }))
      .thenThrows(refusedWith('UNKNOWN_IDENTIFIER'));
    spec
      .given([])
      .when(create({ partitionKey: [{ function: 'toYYYYMM', column: 's' }] }))
      .thenThrows(refusedWith('ILLEGAL_TYPE_OF_ARGUMENT'));
    spec
      .given([])
      .when(create({ partitionKey: [{ function: 'frobnicate', column: 'x' }] }))
      .thenThrows(refusedWith('UNKNOWN_FUNCTION'));
    spec
      .given([])
      .when(create({ storagePolicy: 'gold' }))
      .thenThrows(refusedWith('UNKNOWN_POLICY'));
    spec
      .given([])
      .when(create({ columns: [...dateSpec.columns, { name: 'x', type: 'String' }] }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
  });
});

describe('CreateTable with any partition key expression (BEHAVIOUR.md §6)', () => {
  it('given toStartOfHour(t) and intDiv(n, 10), when created, then the key types are DateTime and the column integer', () => {
    const [event] = spec
      .given([])
      .when(
        cmd('CreateTable', {
          definition: {
            ...dateSpec,
            columns: [
              { name: 't', type: 'DateTime' },
              { name: 'n', type: 'UInt32' },
            ],
            partitionKey: [
              { function: 'toStartOfHour', column: 't' },
              { function: 'intDiv', column: 'n', expression: 'intDiv(n, 10)' },
            ],
          },
          ifNotExists: false,
        }),
      )
      .events();
    expect(event).toMatchObject({
      data: {
        definition: {
          partitionKey: [
            { function: 'toStartOfHour', column: 't', type: 'DateTime' },
            { function: 'intDiv', column: 'n', expression: 'intDiv(n, 10)', type: 'UInt32' },
          ],
        },
      },
    });
  });
});

describe('AddPart', () => {
  it('names the part {pid}_{n}_{n}_0 with the next block number', () => {
    spec
      .given([created()])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 10, bytesOnDisk: 100 }))
      .then([added(part('2020-11-21', 1))]);
    spec
      .given([created(), added(part('2020-11-21', 1)), added(part('2020-11-22', 2))])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 10, bytesOnDisk: 100 }))
      .then([added(part('2020-11-21', 3))]);
  });

  it('refuses unknown tables, bad partition values and negative counts', () => {
    spec
      .given([])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 1, bytesOnDisk: 1 }))
      .thenThrows(refusedWith('UNKNOWN_TABLE'));
    spec
      .given([created()])
      .when(cmd('AddPart', { values: [str('yesterday')], rows: 1, bytesOnDisk: 1 }))
      .thenThrows(refusedWith('TYPE_MISMATCH'));
    spec
      .given([created()])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: -1, bytesOnDisk: 1 }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
  });

  it('lands on the first disk of the storage policy', () => {
    const tiered = { ...dateDefinition, storagePolicy: 'tiered' };
    spec
      .given([created(mt, tiered)])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 10, bytesOnDisk: 100 }))
      .then([added(part('2020-11-21', 1, { disk: 'fast_ssd' }))]);
  });
});

describe('MergeParts (OPTIMIZE)', () => {
  const history = [
    created(),
    added(part('2020-11-21', 1)),
    added(part('2020-11-21', 2)),
    added(part('2020-11-22', 3)),
  ];

  it('merges a partition into one part one level up', () => {
    const mergedPart = { ...part('2020-11-21', 1, { maxBlock: 2, level: 1 }), rows: 20, bytesOnDisk: 200 };
    spec
      .given(history)
      .when(cmd('MergeParts', { partition: day('2020-11-21'), final: true }))
      .then([
        {
          type: 'PartsMerged',
          data: {
            partitionId: '20201121',
            sourceNames: ['20201121_1_1_0', '20201121_2_2_0'],
            part: mergedPart,
          },
        },
      ]);
  });

  it('rewrites a single-part partition only with FINAL', () => {
    const events = spec
      .given(history)
      .when(cmd('MergeParts', { final: false }))
      .events();
    expect(events.map((e) => e.type === 'PartsMerged' && e.data.partitionId)).toEqual(['20201121']);
    expect(
      spec
        .given(history)
        .when(cmd('MergeParts', { final: true }))
        .events(),
    ).toHaveLength(2);
    expect(spec.stateAfter(history).active.get('20201122')?.size).toBe(1);
  });

  it('refuses PARTITION ALL', () => {
    spec
      .given(history)
      .when(cmd('MergeParts', { partition: { kind: 'all' }, final: true }))
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
  });
});

describe('RegisterDetachedPart', () => {
  it('records a prefixed directory an executor found, and a plain-named restored backup (BEHAVIOUR.md §6)', () => {
    const [event] = spec
      .given([created()])
      .when(cmd('RegisterDetachedPart', { name: 'broken_20201121_7_7_0', rows: 1, bytesOnDisk: 2 }))
      .events();
    expect(event).toMatchObject({
      type: 'DetachedPartRegistered',
      data: { detached: { name: 'broken_20201121_7_7_0', reason: 'broken' } },
    });
    const [plain] = spec
      .given([created()])
      .when(cmd('RegisterDetachedPart', { name: '20201121_7_7_0', rows: 1, bytesOnDisk: 2 }))
      .events();
    expect(plain).toMatchObject({ data: { detached: { name: '20201121_7_7_0', reason: '' } } });
    spec
      .given([created()])
      .when(cmd('RegisterDetachedPart', { name: 'not-a-part', rows: 1, bytesOnDisk: 2 }))
      .thenThrows(refusedWith('BAD_DATA_PART_NAME'));
  });

  it('given a broken_ part with a high block in detached, when a part is added, then the counter ignores it (BEHAVIOUR.md §6)', () => {
    const broken = {
      type: 'DetachedPartRegistered' as const,
      data: { detached: { name: 'broken_20201121_7_7_0', reason: 'broken', part: part('2020-11-21', 7) } },
    };
    spec
      .given([created(), added(part('2020-11-21', 1)), broken])
      .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 10, bytesOnDisk: 100 }))
      .then([added(part('2020-11-21', 2))]);
  });
});
