import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import { added, cmd, created, day, detached, part, refusedWith } from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-22', 2);
const registered = (name: string, reason: string, block: number) => ({
  type: 'DetachedPartRegistered' as const,
  data: { detached: { name, reason, part: part('2020-11-21', block) } },
});
const table = [created(), added(p1), added(p2)];

describe('DropPartition / DropPart', () => {
  it('drops the active parts', () => {
    spec
      .given(table)
      .when(cmd('DropPartition', { partition: day('2020-11-21') }))
      .then([{ type: 'PartsDropped', data: { names: [p1.name] } }]);
    spec
      .given(table)
      .when(cmd('DropPartition', { partition: { kind: 'all' } }))
      .then([{ type: 'PartsDropped', data: { names: [p1.name, p2.name] } }]);
    spec
      .given(table)
      .when(cmd('DropPart', { name: p2.name }))
      .then([{ type: 'PartsDropped', data: { names: [p2.name] } }]);
    expect(
      spec.stateAfter([...table, { type: 'PartsDropped', data: { names: [p1.name] } }]).activeCount,
    ).toBe(1);
  });

  it('refuses a part that is not active', () => {
    spec
      .given(table)
      .when(cmd('DropPart', { name: '20201121_5_5_0' }))
      .thenThrows(refusedWith('NO_SUCH_DATA_PART'));
  });
});

describe('DropDetachedPartition / DropDetachedPart', () => {
  const withDetached = [
    ...table,
    detached(p1),
    registered('broken_20201121_7_7_0', 'broken', 7),
    registered('attaching_20201121_8_8_0', 'attaching', 8),
  ];

  it('needs allow_drop_detached (SUPPORT_IS_DISABLED)', () => {
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPart', { name: p1.name, allowDropDetached: false }))
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPartition', { partition: { kind: 'all' }, allowDropDetached: false }))
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
  });

  it('drops plain and broken parts of the partition but leaves attaching_/deleting_ ones', () => {
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPartition', { partition: day('2020-11-21'), allowDropDetached: true }))
      .then([{ type: 'DetachedPartsDropped', data: { names: [p1.name, 'broken_20201121_7_7_0'] } }]);
  });

  it('drops one detached part and refuses missing, unsafe and in-flight names', () => {
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPart', { name: p1.name, allowDropDetached: true }))
      .then([{ type: 'DetachedPartsDropped', data: { names: [p1.name] } }]);
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPart', { name: '20201121_9_9_0', allowDropDetached: true }))
      .thenThrows(refusedWith('BAD_DATA_PART_NAME'));
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPart', { name: 'a/b', allowDropDetached: true }))
      .thenThrows(refusedWith('INCORRECT_FILE_NAME'));
    spec
      .given(withDetached)
      .when(cmd('DropDetachedPart', { name: 'attaching_20201121_8_8_0', allowDropDetached: true }))
      .thenThrows(refusedWith('BAD_DATA_PART_NAME'));
  });
});

describe('ForgetPartition', () => {
  it('forgets an empty known partition', () => {
    spec
      .given([...table, { type: 'PartsDropped', data: { names: [p1.name] } }])
      .when(cmd('ForgetPartition', { partition: day('2020-11-21') }))
      .then([{ type: 'PartitionForgotten', data: { partitionId: '20201121' } }]);
  });

  it('refuses a partition with parts or an unknown one (CANNOT_FORGET_PARTITION), and ALL', () => {
    spec
      .given(table)
      .when(cmd('ForgetPartition', { partition: day('2020-11-21') }))
      .thenThrows(refusedWith('CANNOT_FORGET_PARTITION'));
    spec
      .given(table)
      .when(cmd('ForgetPartition', { partition: day('1999-01-01') }))
      .thenThrows(refusedWith('CANNOT_FORGET_PARTITION'));
    spec
      .given(table)
      .when(cmd('ForgetPartition', { partition: { kind: 'all' } }))
      .thenThrows(refusedWith('SUPPORT_IS_DISABLED'));
  });
});
