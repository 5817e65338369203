import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent } from './mergetree.events';
import {
  added,
  cmd,
  created,
  dateDefinition,
  day,
  LATER,
  mt,
  OUT_OF_ORDER,
  part,
  refused,
} from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const { p1, p3, q2, table } = OUT_OF_ORDER;

describe('mutations: edge cases', () => {
  it('renames every part by blocks with the version, at the time of the request', () => {
    spec
      .given(table)
      .when({ ...cmd('DeleteInPartition', { where: 'x = 1' }), now: LATER })
      .then([
        {
          type: 'PartsMutated',
          data: {
            mutation: { kind: 'Delete', where: 'x = 1' },
            version: 4,
            parts: [p1, q2, p3].map((p) => ({
              fromName: p.name,
              part: { ...p, mutation: 4, name: `${p.name}_4`, modifiedAt: LATER },
            })),
          },
        },
      ]);
  });

  it('records an UPDATE with its assignments and condition', () => {
    const assignments = [
      { column: 'x', expression: 'x + 1' },
      { column: 's', expression: "'a'" },
    ];
    spec
      .given(table)
      .when(cmd('UpdateInPartition', { assignments, where: 'x = 2', partition: day('2020-11-22') }))
      .then([
        {
          type: 'PartsMutated',
          data: {
            mutation: { kind: 'Update', assignments, where: 'x = 2' },
            version: 4,
            parts: [{ fromName: q2.name, part: part('2020-11-22', 2, { mutation: 4 }) }],
          },
        },
      ]);
  });

  it('given an empty partition, when mutated, then the mutation still takes its version', () => {
    const event: MergeTreeEvent = {
      type: 'PartsMutated',
      data: { mutation: { kind: 'ClearIndex', index: 'idx_s' }, version: 4, parts: [] },
    };
    spec
      .given(table)
      .when(cmd('ClearIndexInPartition', { index: 'idx_s', partition: day('2021-01-01') }))
      .then([event]);
    expect(spec.stateAfter([...table, event]).nextBlock).toBe(5);
    expect(spec.stateAfter([...table, { ...event, data: { ...event.data, version: 2 } }]).nextBlock).toBe(4);
  });

  it('names the column or index it refuses', () => {
    expect(
      refused(table, cmd('ClearColumnInPartition', { column: 'nope', partition: day('2020-11-21') })),
    ).toEqual([
      'NOT_FOUND_COLUMN_IN_BLOCK',
      'Wrong column name. Cannot find column nope to clear it from partition',
    ]);
    expect(
      refused(table, cmd('ClearIndexInPartition', { index: 'nope', partition: day('2020-11-21') })),
    ).toEqual(['BAD_ARGUMENTS', 'Cannot clear index nope: index does not exist']);
    const update = (...columns: string[]) =>
      cmd('UpdateInPartition', {
        assignments: columns.map((column) => ({ column, expression: '1' })),
        where: '1',
      });
    expect(refused(table, update('x', 'q'))).toEqual([
      'NO_SUCH_COLUMN_IN_TABLE',
      'There is no column q in table db.mt',
    ]);
    expect(refused(table, update('x', 'd'))).toEqual([
      'CANNOT_UPDATE_COLUMN',
      'Cannot UPDATE key column `d`',
    ]);
    const [clear] = spec
      .given(table)
      .when(cmd('ClearColumnInPartition', { column: 's', partition: day('2020-11-22') }))
      .events();
    expect(clear).toMatchObject({
      data: { mutation: { kind: 'ClearColumn', column: 's' }, parts: [{ fromName: q2.name }] },
    });
  });
});

describe('MOVE ... TO DISK | VOLUME: edge cases', () => {
  const tiered = created(mt, { ...dateDefinition, storagePolicy: 'tiered' });
  const fast = (p: ReturnType<typeof part>) => added({ ...p, disk: 'fast_ssd' });
  const history = [tiered, fast(p3), added(p1), fast(q2)];
  const movePartition = (kind: 'disk' | 'volume', name: string, partition = day('2020-11-21')) =>
    cmd('MovePartitionToDisk', { partition, target: { kind, name } });

  it('moves only the parts not there yet, by blocks, to the first disk of the volume', () => {
    const withTwoFast = [tiered, fast(p3), fast(p1)];
    spec
      .given(withTwoFast)
      .when(movePartition('volume', 'slow'))
      .then([
        {
          type: 'PartsMovedToDisk',
          data: { target: { kind: 'volume', name: 'slow' }, disk: 'default', names: [p1.name, p3.name] },
        },
      ]);
    spec
      .given(history)
      .when(movePartition('disk', 'default'))
      .then([
        {
          type: 'PartsMovedToDisk',
          data: { target: { kind: 'disk', name: 'default' }, disk: 'default', names: [p3.name] },
        },
      ]);
    spec
      .given(history)
      .when(cmd('MovePartToDisk', { name: p1.name, target: { kind: 'volume', name: 'fast' } }))
      .then([
        {
          type: 'PartsMovedToDisk',
          data: { target: { kind: 'volume', name: 'fast' }, disk: 'fast_ssd', names: [p1.name] },
        },
      ]);
  });

  it('names the disk, volume, policy and part it refuses', () => {
    expect(refused(history, movePartition('disk', 'tape'))).toEqual([
      'UNKNOWN_DISK',
      'Disk tape does not exist in storage policy tiered',
    ]);
    expect(refused(history, movePartition('volume', 'cold'))).toEqual([
      'UNKNOWN_DISK',
      'Volume cold does not exist in storage policy tiered',
    ]);
    expect(refused(history, movePartition('volume', 'toString'))[0]).toBe('UNKNOWN_DISK');
    expect(refused(history, movePartition('volume', 'fast', day('2020-11-22')))).toEqual([
      'UNKNOWN_DISK',
      "All parts of partition '20201122' are already on volume 'fast'",
    ]);
    expect(
      refused(history, cmd('MovePartToDisk', { name: p3.name, target: { kind: 'disk', name: 'fast_ssd' } })),
    ).toEqual(['UNKNOWN_DISK', "Part '20201121_3_3_0' is already on disk 'fast_ssd'"]);
    expect(refused(history, movePartition('volume', 'slow', day('2021-01-01')))).toEqual([
      'NO_SUCH_DATA_PART',
      'Nothing to move (check that the partition exists).',
    ]);
    expect(refused(table, movePartition('volume', 'slow'))[1]).toBe(
      'Volume slow does not exist in storage policy default',
    );
    // A table whose storage policy is no longer configured has no disk to move to.
    const retired = [created(mt, { ...dateDefinition, storagePolicy: 'retired' }), added(p1)];
    expect(refused(retired, movePartition('disk', 'default'))).toEqual([
      'UNKNOWN_DISK',
      'Disk default does not exist in storage policy retired',
    ]);
  });

  it('records the disk of the moved parts only, and ignores a part no longer active', () => {
    const state = spec.stateAfter([
      ...history,
      {
        type: 'PartsMovedToDisk',
        data: {
          target: { kind: 'volume', name: 'slow' },
          disk: 'default',
          names: [p3.name, '20201121_9_9_0', '20201129_1_1_0'],
        },
      },
    ]);
    expect([...(state.active.get('20201121')?.values() ?? [])].map((p) => [p.name, p.disk])).toEqual([
      [p3.name, 'default'],
      [p1.name, 'default'],
    ]);
    expect(state.active.get('20201122')?.get(q2.name)?.disk).toBe('fast_ssd');
    expect(state.activeCount).toBe(3);
    expect(state.active.has('20201129')).toBe(false);
  });
});
