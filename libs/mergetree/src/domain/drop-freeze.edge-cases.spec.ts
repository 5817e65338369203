import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent } from './mergetree.events';
import { cmd, created, day, detached, LATER, OUT_OF_ORDER, part, refused } from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const { p1, p3, q2, table } = OUT_OF_ORDER;
const registered = (name: string, reason: string, date: string, block: number): MergeTreeEvent => ({
  type: 'DetachedPartRegistered',
  data: { detached: { name, reason, part: part(date, block) } },
});
const frozen = (backupName: string, increment: number, partitionId: string | null, partNames: string[]) => ({
  type: 'PartitionFrozen' as const,
  data: { backupName, increment, partitionId, partNames, frozenAt: LATER },
});

describe('DROP: edge cases', () => {
  it('drops by partition ID then blocks, and nothing for an empty partition', () => {
    spec
      .given(table)
      .when(cmd('DropPartition', { partition: { kind: 'all' } }))
      .then([{ type: 'PartsDropped', data: { names: [p1.name, p3.name, q2.name] } }]);
    spec
      .given(table)
      .when(cmd('DropPartition', { partition: day('2021-01-01') }))
      .thenNothingHappens();
    expect(refused(table, cmd('DropPart', { name: '20201121_9_9_0' }))[1]).toBe(
      'No part 20201121_9_9_0 in committed state',
    );
  });

  it('names the setting and the busy part DROP DETACHED refuses', () => {
    const history = [
      ...table,
      registered('attaching_20201121_8_8_0', 'attaching', '2020-11-21', 8),
      registered('deleting_20201121_9_9_0', 'deleting', '2020-11-21', 9),
    ];
    expect(refused(history, cmd('DropDetachedPart', { name: p1.name, allowDropDetached: false }))).toEqual([
      'SUPPORT_IS_DISABLED',
      'Cannot execute query: DROP DETACHED PART is disabled (see allow_drop_detached setting)',
    ]);
    expect(
      refused(
        history,
        cmd('DropDetachedPart', { name: 'attaching_20201121_8_8_0', allowDropDetached: true }),
      ),
    ).toEqual(['BAD_DATA_PART_NAME', 'Cannot drop part attaching_20201121_8_8_0: it is being attached']);
    expect(
      refused(history, cmd('DropDetachedPart', { name: 'deleting_20201121_9_9_0', allowDropDetached: true })),
    ).toEqual(['BAD_DATA_PART_NAME', 'Cannot drop part deleting_20201121_9_9_0: it is being deleted']);
    expect(
      refused(
        history,
        cmd('DropDetachedPartition', { partition: { kind: 'all' }, allowDropDetached: false }),
      )[0],
    ).toBe('SUPPORT_IS_DISABLED');
  });

  it('drops detached names by partition ID then name, leaving the busy ones, and nothing when none is left', () => {
    const history = [
      ...table,
      registered('broken_20201122_7_7_0', 'broken', '2020-11-22', 7),
      detached(q2),
      registered('unexpected_20201121_8_8_0', 'unexpected', '2020-11-21', 8),
      detached(p3, p1),
      registered('deleting_20201121_9_9_0', 'deleting', '2020-11-21', 9),
    ];
    spec
      .given(history)
      .when(cmd('DropDetachedPartition', { partition: { kind: 'all' }, allowDropDetached: true }))
      .then([
        {
          type: 'DetachedPartsDropped',
          data: {
            names: [p1.name, p3.name, 'unexpected_20201121_8_8_0', q2.name, 'broken_20201122_7_7_0'],
          },
        },
      ]);
    spec
      .given([...table, registered('attaching_20201121_8_8_0', 'attaching', '2020-11-21', 8)])
      .when(cmd('DropDetachedPartition', { partition: day('2020-11-21'), allowDropDetached: true }))
      .thenNothingHappens();
    const state = spec.stateAfter([...history, { type: 'DetachedPartsDropped', data: { names: [q2.name] } }]);
    expect([...(state.detachedByPartition.get('20201122') ?? [])]).toEqual(['broken_20201122_7_7_0']);
    const emptied = spec.stateAfter([
      ...history,
      { type: 'DetachedPartsDropped', data: { names: [q2.name, 'broken_20201122_7_7_0', 'no_such_1_1_0'] } },
    ]);
    expect(emptied.detachedByPartition.has('20201122')).toBe(false);
    expect(emptied.detached.size).toBe(4);
  });
});

describe('FORGET PARTITION: edge cases', () => {
  it('names the partition it refuses, and forgets a partition once', () => {
    expect(refused(table, cmd('ForgetPartition', { partition: day('2020-11-21') }))).toEqual([
      'CANNOT_FORGET_PARTITION',
      'Partition 20201121 is not empty: it has active parts',
    ]);
    expect(refused(table, cmd('ForgetPartition', { partition: day('1999-01-01') }))).toEqual([
      'CANNOT_FORGET_PARTITION',
      'Partition 19990101 is unknown',
    ]);
    const emptied = [...table, { type: 'PartsDropped' as const, data: { names: [q2.name] } }];
    const forgotten = { type: 'PartitionForgotten' as const, data: { partitionId: '20201122' } };
    spec
      .given(emptied)
      .when(cmd('ForgetPartition', { partition: day('2020-11-22') }))
      .then([forgotten]);
    expect(
      refused([...emptied, forgotten], cmd('ForgetPartition', { partition: day('2020-11-22') }))[1],
    ).toBe('Partition 20201122 is unknown');
  });

  it('knows a partition that only ever had a detached part', () => {
    spec
      .given([created(), registered('broken_20201123_7_7_0', 'broken', '2020-11-23', 7)])
      .when(cmd('ForgetPartition', { partition: day('2020-11-23') }))
      .then([{ type: 'PartitionForgotten', data: { partitionId: '20201123' } }]);
  });
});

describe('FREEZE / UNFREEZE: edge cases', () => {
  it('continues the server-wide increment, lists parts by blocks, and refuses a number already used as a name', () => {
    spec
      .given(table)
      .when(cmd('FreezePartition', { serverIncrement: 5 }))
      .then([
        {
          type: 'PartitionFrozen',
          data: {
            backupName: '6',
            increment: 6,
            partitionId: null,
            partNames: [p1.name, q2.name, p3.name],
            frozenAt: expect.any(String),
          },
        },
      ]);
    spec
      .given([...table, frozen('a', 7, null, [])])
      .when({ ...cmd('FreezePartition', { partition: day('2020-11-21'), serverIncrement: 2 }), now: LATER })
      .then([frozen('8', 8, '20201121', [p1.name, p3.name])]);
    expect(refused([...table, frozen('2', 1, null, [])], cmd('FreezePartition', {}))).toEqual([
      'DIRECTORY_ALREADY_EXISTS',
      'Directory shadow/2 already exists',
    ]);
    expect(refused(table, cmd('FreezePartition', { withName: '../etc' }))).toEqual([
      'INCORRECT_FILE_NAME',
      "Invalid backup name '../etc'",
    ]);
    expect(refused(table, cmd('FreezePartition', { partition: { kind: 'all' } }))[0]).toBe(
      'SUPPORT_IS_DISABLED',
    );
  });

  it('records a backup in several events as one, and unfreezes it partition by partition', () => {
    const history = [...table, frozen('b', 1, null, [q2.name]), frozen('b', 1, null, [p3.name, p1.name])];
    spec
      .given(history)
      .when(cmd('UnfreezePartition', { withName: 'b' }))
      .then([
        {
          type: 'PartitionUnfrozen',
          data: { backupName: 'b', partitionId: null, partNames: [p1.name, p3.name, q2.name] },
        },
      ]);
    spec
      .given(history)
      .when(cmd('UnfreezePartition', { withName: 'b', partition: day('2020-11-23') }))
      .thenNothingHappens();
    spec
      .given(history)
      .when(cmd('UnfreezePartition', { withName: 'nope', partition: day('2020-11-21') }))
      .thenNothingHappens();
    const firstHalf = {
      type: 'PartitionUnfrozen' as const,
      data: { backupName: 'b', partitionId: '20201121', partNames: [p1.name, p3.name] },
    };
    const state = spec.stateAfter([...history, firstHalf]);
    expect([...(state.backups.get('b')?.parts ?? [])]).toEqual([[q2.name, '20201122']]);
    spec
      .given([...history, firstHalf])
      .when(cmd('UnfreezePartition', { withName: 'b', partition: day('2020-11-22') }))
      .then([
        {
          type: 'PartitionUnfrozen',
          data: { backupName: 'b', partitionId: '20201122', partNames: [q2.name] },
        },
      ]);
    const gone = spec.stateAfter([
      ...history,
      firstHalf,
      { type: 'PartitionUnfrozen', data: { backupName: 'b', partitionId: '20201122', partNames: [q2.name] } },
    ]);
    expect(gone.backups.has('b')).toBe(false);
    expect(
      spec.stateAfter([
        ...table,
        { type: 'PartitionUnfrozen', data: { backupName: 'x', partitionId: null, partNames: [] } },
      ]).backups.size,
    ).toBe(0);
  });

  it('given a backup of an empty table, when unfrozen whole, then the backup goes', () => {
    spec
      .given([created(), frozen('empty', 1, null, [])])
      .when(cmd('UnfreezePartition', { withName: 'empty' }))
      .then([{ type: 'PartitionUnfrozen', data: { backupName: 'empty', partitionId: null, partNames: [] } }]);
  });

  it('keeps the highest increment seen and the first time a backup was frozen', () => {
    const state = spec.stateAfter([...table, frozen('b', 4, null, []), frozen('c', 2, null, [])]);
    expect(state.freezeIncrement).toBe(4);
    expect(state.backups.get('b')).toMatchObject({ name: 'b', increment: 4, frozenAt: LATER });
  });
});
