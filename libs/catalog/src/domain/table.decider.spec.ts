import { DomainError } from '@engine/kernel/domain';
import { DeciderSpecification } from '@engine/testing';
import { NOW, partition, storage, table } from '../../test/catalog.fixtures';
import { MAX_PARTITIONS_PER_BATCH, tableDecider } from './table.decider';
import { PartitionsCreated, PartitionsDeleted, TableCommand, TableCreated } from './table.events';
import { tableSnapshotPolicy } from './table.snapshot';

const spec = DeciderSpecification.for(tableDecider);
const refused = (code: string) => (e: Error) => e instanceof DomainError && e.code === code;

const tableCreated: TableCreated = {
  type: 'TableCreated',
  data: { schemaVersion: 1, ...table(), createdAt: NOW },
};
const createTable = (overrides: Parameters<typeof table>[0] = {}): TableCommand => ({
  type: 'CreateTable',
  table: table(overrides),
  now: NOW,
});
const create = (partitions: ReturnType<typeof partition>[], ifNotExist = false): TableCommand => ({
  type: 'BatchCreatePartitions',
  ifNotExist,
  partitions,
});
const created = (...values: string[][]): PartitionsCreated => ({
  type: 'PartitionsCreated',
  data: {
    schemaVersion: 1,
    tableId: 'tbl-1',
    partitions: values.map((v) => ({
      ...partition(v),
      createTime: '2023-05-26T08:03:42.267+00:00',
      lastAccessTime: '2023-05-26T08:03:42.000+00:00',
    })),
  },
});

describe('table decider: CreateTable', () => {
  it('records the table with its parents and partition keys', () => {
    spec.given([]).when(createTable()).then([tableCreated]);
  });

  it('refuses a second creation', () => {
    spec.given([tableCreated]).when(createTable()).thenThrows(refused('TABLE_ALREADY_EXISTS'));
  });

  it.each([
    ['a bad table name', { tableName: 'bad name' }],
    ['a too long table name', { tableName: 't'.repeat(257) }],
    ['a bad column name', { partitionKeys: [{ name: 'd t', type: 'string' }] }],
    ['a partition key that is also a column', { partitionKeys: [{ name: 'c1', type: 'string' }] }],
    [
      'a sort order other than 0 and 1',
      { storage: storage({ sortColumns: [{ column: 'c1', order: 2 as 0 }] }) },
    ],
    ['an unknown table type', { tableType: 'TEMPORARY' as 'EXTERNAL_TABLE' }],
  ])('refuses %s', (_, overrides) => {
    spec.given([]).when(createTable(overrides)).thenThrows(refused('INVALID_PARAMETER'));
  });

  it('refuses an unknown column type with its own code (BEHAVIOUR.md §6, code 00000013)', () => {
    spec
      .given([])
      .when(createTable({ partitionKeys: [{ name: 'dt', type: 'datetime' }] }))
      .thenThrows(refused('INVALID_COLUMN_TYPE'));
  });

  it('accepts parameterised types of the listed base types', () => {
    const partitionKeys = [
      { name: 'amount', type: 'decimal(10,2)' },
      { name: 'tags', type: 'array<string>' },
      { name: 'name', type: 'VARCHAR(20)' },
    ];
    expect(spec.given([]).when(createTable({ partitionKeys })).events()).toHaveLength(1);
  });
});

describe('table decider: BatchCreatePartitions', () => {
  const withD1 = [tableCreated, created(['d1', 'eu'])];

  it('creates partitions with normalised times', () => {
    spec
      .given([tableCreated])
      .when(create([partition(['2023-01-01', 'eu']), partition(['2023-01-01', 'us'])]))
      .then([created(['2023-01-01', 'eu'], ['2023-01-01', 'us'])]);
  });

  it('fails the whole batch on an existing partition when if_not_exist is false', () => {
    spec
      .given(withD1)
      .when(create([partition(['d2', 'eu']), partition(['d1', 'eu'])]))
      .thenThrows(
        (e: DomainError) =>
          e.code === 'PARTITION_ALREADY_EXISTS' && e.details.field === 'partitions[1].partition_values',
      );
  });

  it('fails the whole batch on a partition repeated inside it when if_not_exist is false', () => {
    spec
      .given([tableCreated])
      .when(create([partition(['d2', 'eu']), partition(['d2', 'eu'])]))
      .thenThrows(refused('PARTITION_ALREADY_EXISTS'));
  });

  it('skips existing and repeated partitions when if_not_exist is true', () => {
    spec
      .given(withD1)
      .when(create([partition(['d1', 'eu']), partition(['d2', 'eu']), partition(['d2', 'eu'])], true))
      .then([created(['d2', 'eu'])]);
    spec
      .given(withD1)
      .when(create([partition(['d1', 'eu'])], true))
      .thenNothingHappens();
  });

  it('checks values against the partition keys', () => {
    spec
      .given([tableCreated])
      .when(create([partition(['only-one'])]))
      .thenThrows(refused('PARTITION_VALUES_MISMATCH'));
    const unpartitioned: TableCreated = {
      type: 'TableCreated',
      data: { ...tableCreated.data, partitionKeys: [] },
    };
    spec
      .given([unpartitioned])
      .when(create([partition(['a'])]))
      .thenThrows(refused('TABLE_NOT_PARTITIONED'));
  });

  it('limits the batch size', () => {
    const many = Array.from({ length: MAX_PARTITIONS_PER_BATCH + 1 }, (_, i) => partition([`d${i}`, 'eu']));
    spec.given([tableCreated]).when(create(many)).thenThrows(refused('BATCH_TOO_LARGE'));
    expect(
      spec
        .given([tableCreated])
        .when(create(many.slice(1)))
        .events()[0]!.type,
    ).toBe('PartitionsCreated');
    spec.given([tableCreated]).when(create([])).thenThrows(refused('INVALID_PARAMETER'));
  });

  it.each([
    ['an unreadable create_time', { createTime: 'yesterday' }],
    ['a day that does not exist', { lastAccessTime: '2023-02-30T00:00:00Z' }],
    ['a parameter key over 255 characters', { parameters: { ['k'.repeat(256)]: 'v' } }],
    ['a parameter value over 4000 characters', { parameters: { k: 'v'.repeat(4001) } }],
    [
      'a comment over 4000 characters',
      { storage: storage({ columns: [{ name: 'c1', type: 'string', comment: 'x'.repeat(4001) }] }) },
    ],
    ['a bad bucket column', { storage: storage({ bucketColumns: ['b/c'] }) }],
    ['a fractional bucket count', { storage: storage({ numberOfBuckets: 1.5 }) }],
    ['an empty serde parameter key', { storage: storage({ serde: { parameters: { '': 'v' } } }) }],
    [
      'a partition over 256 KiB of JSON',
      { parameters: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, 'v'.repeat(4000)])) },
    ],
  ])('refuses %s, even for a partition it would skip', (_, overrides) => {
    spec
      .given(withD1)
      .when(create([partition(['d1', 'eu'], overrides)], true))
      .thenThrows(refused('INVALID_PARAMETER'));
  });

  it('records a large batch as one event, in order (a store with a size limit cuts it itself)', () => {
    const values = Array.from({ length: 100 }, (_, i) => [`d${i}`, 'eu']);
    spec
      .given([tableCreated])
      .when(create(values.map((v) => partition(v))))
      .then([created(...values)]);
    // A batch stored cut in several events (by earlier versions) folds to the same table.
    const cut = [created(...values.slice(0, 40)), created(...values.slice(40))];
    expect(spec.stateAfter([tableCreated, ...cut])).toEqual(
      spec.stateAfter([tableCreated, created(...values)]),
    );
  });

  it('needs the table', () => {
    spec
      .given([])
      .when(create([partition(['d1', 'eu'])]))
      .thenThrows(refused('TABLE_NOT_FOUND'));
  });
});

describe('table decider: DeletePartitions', () => {
  const given = [tableCreated, created(['d1', 'eu'], ['d2', 'eu'])];
  const deleted: PartitionsDeleted = {
    type: 'PartitionsDeleted',
    data: {
      schemaVersion: 1,
      tableId: 'tbl-1',
      partitions: [{ partitionId: 'p-d1-eu', values: ['d1', 'eu'] }],
    },
  };

  it('deletes existing partitions once each', () => {
    spec
      .given(given)
      .when({
        type: 'DeletePartitions',
        partitionValues: [
          ['d1', 'eu'],
          ['d1', 'eu'],
        ],
      })
      .then([deleted]);
  });

  it('lets a deleted partition be created again', () => {
    expect(
      spec
        .given([...given, deleted])
        .when(create([partition(['d1', 'eu'])]))
        .events(),
    ).toHaveLength(1);
  });

  it('deletes nothing when one partition is unknown or malformed', () => {
    spec
      .given(given)
      .when({
        type: 'DeletePartitions',
        partitionValues: [
          ['d1', 'eu'],
          ['d9', 'eu'],
        ],
      })
      .thenThrows(refused('PARTITION_NOT_FOUND'));
    spec
      .given(given)
      .when({ type: 'DeletePartitions', partitionValues: [['d1']] })
      .thenThrows(refused('PARTITION_VALUES_MISMATCH'));
  });
});

describe('table snapshot policy', () => {
  it('round-trips the state', () => {
    const state = spec.stateAfter([tableCreated, created(['d1', 'eu'], ['d2', 'eu'])]);
    const restored = tableSnapshotPolicy.fromSnapshot(
      JSON.parse(JSON.stringify(tableSnapshotPolicy.toSnapshot(state))),
    );
    expect(restored).toEqual(state);
  });
});
