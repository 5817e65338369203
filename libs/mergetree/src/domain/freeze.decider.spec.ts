import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import { NOW, added, cmd, created, day, part, refusedWith } from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-22', 2);
const table = [created(), added(p1), added(p2)];
const frozen = (backupName: string, increment: number, partitionId: string | null, partNames: string[]) => ({
  type: 'PartitionFrozen' as const,
  data: { backupName, increment, partitionId, partNames, frozenAt: NOW },
});

describe('FreezePartition', () => {
  it('backs up the partition under the next increment, starting at 1', () => {
    spec
      .given(table)
      .when(cmd('FreezePartition', { partition: day('2020-11-21') }))
      .then([frozen('1', 1, '20201121', [p1.name])]);
    spec
      .given([...table, frozen('1', 1, '20201121', [p1.name])])
      .when(cmd('FreezePartition', {}))
      .then([frozen('2', 2, null, [p1.name, p2.name])]);
  });

  it('uses WITH NAME but still takes an increment, and refuses a name in use with 84 (BEHAVIOUR.md §6)', () => {
    spec
      .given(table)
      .when(cmd('FreezePartition', { withName: 'nightly' }))
      .then([frozen('nightly', 1, null, [p1.name, p2.name])]);
    spec
      .given([...table, frozen('nightly', 1, null, [p1.name])])
      .when(cmd('FreezePartition', { withName: 'nightly' }))
      .thenThrows(refusedWith('DIRECTORY_ALREADY_EXISTS'));
    spec
      .given(table)
      .when(cmd('FreezePartition', { withName: '../etc' }))
      .thenThrows(refusedWith('INCORRECT_FILE_NAME'));
  });
});

describe('UnfreezePartition', () => {
  const withBackup = [...table, frozen('nightly', 1, null, [p1.name, p2.name])];

  it('removes the whole backup, or only one partition of it', () => {
    spec
      .given(withBackup)
      .when(cmd('UnfreezePartition', { withName: 'nightly' }))
      .then([
        {
          type: 'PartitionUnfrozen',
          data: { backupName: 'nightly', partitionId: null, partNames: [p1.name, p2.name] },
        },
      ]);
    spec
      .given(withBackup)
      .when(cmd('UnfreezePartition', { withName: 'nightly', partition: day('2020-11-22') }))
      .then([
        {
          type: 'PartitionUnfrozen',
          data: { backupName: 'nightly', partitionId: '20201122', partNames: [p2.name] },
        },
      ]);
    const state = spec.stateAfter([
      ...withBackup,
      { type: 'PartitionUnfrozen', data: { backupName: 'nightly', partitionId: null, partNames: [] } },
    ]);
    expect(state.backups.size).toBe(0);
  });

  it('does nothing for an unknown backup', () => {
    spec
      .given(withBackup)
      .when(cmd('UnfreezePartition', { withName: 'weekly' }))
      .thenNothingHappens();
  });
});
