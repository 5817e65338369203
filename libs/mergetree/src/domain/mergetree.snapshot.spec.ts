import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent } from './mergetree.events';
import { mergeTreeSnapshotPolicy } from './mergetree.snapshot';
import { NOW, added, cmd, created, day, detached, other, part } from './mergetree.spec-fixtures';

describe('MergeTree snapshot policy', () => {
  it('restores a state that decides exactly like the replayed one', () => {
    const p1 = part('2020-11-21', 1);
    const p2 = part('2020-11-22', 2);
    const history: MergeTreeEvent[] = [
      created(),
      added(p1),
      added(p2),
      detached(p1),
      {
        type: 'PartitionFrozen',
        data: { backupName: 'b', increment: 1, partitionId: null, partNames: [p2.name], frozenAt: NOW },
      },
      {
        type: 'PartitionMoveStarted',
        data: { moveId: 'm', destination: other, partitionId: '20201122', parts: [p2] },
      },
      {
        type: 'MovedPartsReceived',
        data: { moveId: 'x', source: other, parts: [{ sourceName: 'a_1_1_0', part: part('2020-11-23', 3) }] },
      },
    ];
    const replayed = DeciderSpecification.for(mergeTreeDecider).stateAfter(history);
    const restored = mergeTreeSnapshotPolicy.fromSnapshot(
      JSON.parse(JSON.stringify(mergeTreeSnapshotPolicy.toSnapshot(replayed))),
    );
    expect(restored).toEqual(replayed);
    const attach = cmd('AttachPartition', { partition: day('2020-11-21') });
    expect(mergeTreeDecider.decide(attach, restored)).toEqual(mergeTreeDecider.decide(attach, replayed));
  });
});
