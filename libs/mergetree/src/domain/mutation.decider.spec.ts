import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import { added, cmd, created, dateDefinition, day, mt, part, refusedWith } from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-22', 2);
const table = [created(), added(p1), added(p2)];

describe('mutations in a partition', () => {
  it('CLEAR COLUMN takes the next block number as version and renames the parts', () => {
    spec
      .given(table)
      .when(cmd('ClearColumnInPartition', { column: 's', partition: day('2020-11-21') }))
      .then([
        {
          type: 'PartsMutated',
          data: {
            mutation: { kind: 'ClearColumn', column: 's' },
            version: 3,
            parts: [{ fromName: p1.name, part: part('2020-11-21', 1, { mutation: 3 }) }],
          },
        },
      ]);
    const state = spec.stateAfter([
      ...table,
      {
        type: 'PartsMutated',
        data: {
          mutation: { kind: 'Delete', where: '1' },
          version: 3,
          parts: [{ fromName: p1.name, part: part('2020-11-21', 1, { mutation: 3 }) }],
        },
      },
    ]);
    expect([...(state.active.get('20201121')?.keys() ?? [])]).toEqual(['20201121_1_1_0_3']);
    expect(state.nextBlock).toBe(4);
  });

  it('UPDATE / DELETE without IN PARTITION touch every partition', () => {
    const [event] = spec
      .given(table)
      .when(cmd('DeleteInPartition', { where: 'x = 1' }))
      .events();
    expect(event.type === 'PartsMutated' && event.data.parts.map((p) => p.part.name)).toEqual([
      '20201121_1_1_0_3',
      '20201122_2_2_0_3',
    ]);
    const [update] = spec
      .given(table)
      .when(
        cmd('UpdateInPartition', {
          assignments: [{ column: 'x', expression: 'x + 1' }],
          where: 'x = 2',
          partition: day('2020-11-22'),
        }),
      )
      .events();
    expect(update.type === 'PartsMutated' && update.data.parts.map((p) => p.fromName)).toEqual([p2.name]);
  });

  it('refuses unknown columns and indexes, and key columns in UPDATE', () => {
    spec
      .given(table)
      .when(cmd('ClearColumnInPartition', { column: 'nope', partition: day('2020-11-21') }))
      .thenThrows(refusedWith('NOT_FOUND_COLUMN_IN_BLOCK')); // 10 (BEHAVIOUR.md §6)
    spec
      .given(table)
      .when(cmd('ClearIndexInPartition', { index: 'nope', partition: day('2020-11-21') }))
      .thenThrows(refusedWith('BAD_ARGUMENTS'));
    spec
      .given(table)
      .when(cmd('UpdateInPartition', { assignments: [{ column: 'd', expression: 'today()' }], where: '1' }))
      .thenThrows(refusedWith('CANNOT_UPDATE_COLUMN'));
    const [clearIndex] = spec
      .given(table)
      .when(cmd('ClearIndexInPartition', { index: 'idx_s', partition: day('2020-11-21') }))
      .events();
    expect(clearIndex.type).toBe('PartsMutated');
  });
});

describe('MovePartitionToDisk / MovePartToDisk', () => {
  const tiered = [
    created(mt, { ...dateDefinition, storagePolicy: 'tiered' }),
    added(part('2020-11-21', 1, { disk: 'fast_ssd' })),
  ];

  it('records the new disk of the parts', () => {
    spec
      .given(tiered)
      .when(
        cmd('MovePartitionToDisk', {
          partition: day('2020-11-21'),
          target: { kind: 'volume', name: 'slow' },
        }),
      )
      .then([
        {
          type: 'PartsMovedToDisk',
          data: { target: { kind: 'volume', name: 'slow' }, disk: 'default', names: [p1.name] },
        },
      ]);
    const state = spec.stateAfter([
      ...tiered,
      {
        type: 'PartsMovedToDisk',
        data: { target: { kind: 'disk', name: 'default' }, disk: 'default', names: [p1.name] },
      },
    ]);
    expect(state.active.get('20201121')?.get(p1.name)?.disk).toBe('default');
  });

  it('refuses unknown disks and volumes, parts already there, and empty partitions', () => {
    spec
      .given(tiered)
      .when(cmd('MovePartToDisk', { name: p1.name, target: { kind: 'disk', name: 'tape' } }))
      .thenThrows(refusedWith('UNKNOWN_DISK'));
    spec
      .given(tiered)
      .when(cmd('MovePartToDisk', { name: p1.name, target: { kind: 'disk', name: 'fast_ssd' } }))
      .thenThrows(refusedWith('UNKNOWN_DISK'));
    spec
      .given(tiered)
      .when(
        cmd('MovePartitionToDisk', {
          partition: day('2021-01-01'),
          target: { kind: 'volume', name: 'slow' },
        }),
      )
      .thenThrows(refusedWith('NO_SUCH_DATA_PART'));
    spec
      .given(table)
      .when(
        cmd('MovePartitionToDisk', {
          partition: day('2020-11-21'),
          target: { kind: 'volume', name: 'slow' },
        }),
      )
      .thenThrows(refusedWith('UNKNOWN_DISK'));
  });
});
