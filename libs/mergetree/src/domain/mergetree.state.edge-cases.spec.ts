import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import { partitionIdOf } from './mergetree.evolve';
import type { MergeTreeEvent } from './mergetree.events';
import { MERGETREE_EVENT_TYPES } from './mergetree.events';
import { mergeTreeSnapshotPolicy } from './mergetree.snapshot';
import { activePartsOf, allActiveParts, detachedOf, findActivePart } from './mergetree.state';
import {
  NOW,
  added,
  cmd,
  created,
  dateDefinition,
  dateSpec,
  day,
  detached,
  other,
  part,
  run,
  str,
} from './mergetree.spec-fixtures';
import {
  containsPart,
  isUnsafeFileName,
  isValidPartitionId,
  parsePartName,
  splitDetachedName,
} from './part-name.value-object';

const spec = DeciderSpecification.for(mergeTreeDecider);
const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-21', 2);
const q3 = part('2020-11-22', 3);
const nextPart = (history: MergeTreeEvent[]) => {
  const [event] = spec
    .given(history)
    .when(cmd('AddPart', { values: [str('2020-11-21')], rows: 10, bytesOnDisk: 100 }))
    .events();
  return event.type === 'PartAdded' ? event.data.part.name : '';
};

describe('evolve: edge cases', () => {
  it('counts a part recorded twice once, and ignores a drop of a part it does not hold', () => {
    const state = spec.stateAfter([
      created(),
      added(p1),
      added(p1),
      { type: 'PartsDropped', data: { names: ['20201121_9_9_0', '20201129_1_1_0'] } },
    ]);
    expect(state.activeCount).toBe(1);
    expect([...state.active.keys()]).toEqual(['20201121']);
    expect(findActivePart(state, p1.name, '20201121')).toEqual(p1);
    expect(findActivePart(state, p1.name, '20201122')).toBeUndefined();
  });

  it('moves the block counter past every block and mutation version it sees', () => {
    expect(nextPart([created(), added(part('2020-11-21', 2, { mutation: 9 }))])).toBe('20201121_10_10_0');
    expect(nextPart([created(), added(part('2020-11-21', 1, { maxBlock: 6, level: 1 }))])).toBe(
      '20201121_7_7_0',
    );
    const mutated: MergeTreeEvent = {
      type: 'PartsMutated',
      data: { mutation: { kind: 'Delete', where: '1' }, version: 2, parts: [] },
    };
    expect(nextPart([created(), added(part('2020-11-21', 5)), mutated])).toBe('20201121_6_6_0');
  });

  it('given a REPLACE stored without its reserved block (earlier versions), then the copies alone move the counter', () => {
    const replaced: MergeTreeEvent = {
      type: 'PartitionReplacedFrom',
      data: {
        source: other,
        partitionId: '20201121',
        replacedNames: [p1.name],
        parts: [{ sourceName: 'x', part: part('2020-11-21', 3) }],
      },
    };
    const state = spec.stateAfter([created(), added(p1), replaced]);
    expect(state.nextBlock).toBe(4);
    expect([...(state.active.get('20201121')?.keys() ?? [])]).toEqual(['20201121_3_3_0']);
    expect(
      spec.stateAfter([created(), added(p1), { ...replaced, data: { ...replaced.data, reservedBlock: 7 } }])
        .nextBlock,
    ).toBe(8);
  });

  it('adds the parts received under one move across deliveries, and knows their partitions', () => {
    const received = (sourceName: string, block: number): MergeTreeEvent => ({
      type: 'MovedPartsReceived',
      data: { moveId: 'm', source: other, parts: [{ sourceName, part: part('2020-11-22', block) }] },
    });
    const state = spec.stateAfter([created(), received('a_1_1_0', 1), received('a_2_2_0', 2)]);
    expect([...(state.receivedMoves.get('m') ?? [])]).toEqual(['a_1_1_0', 'a_2_2_0']);
    expect(state.activeCount).toBe(2);
    expect([...state.knownPartitions]).toEqual(['20201122']);
  });

  it('returns aborted parts and closes the move', () => {
    const started: MergeTreeEvent = {
      type: 'PartitionMoveStarted',
      data: { moveId: 'm', destination: other, partitionId: '20201121', parts: [p1, p2] },
    };
    const state = spec.stateAfter([
      created(),
      added(p1),
      added(p2),
      started,
      { type: 'PartitionMoveAborted', data: { moveId: 'm', reason: 'r', parts: [p1, p2] } },
    ]);
    expect(state.outgoingMoves.size).toBe(0);
    expect(activePartsOf(state, '20201121')).toEqual([p1, p2]);
  });

  it('puts fetched parts in detached, by partition', () => {
    const state = spec.stateAfter([
      created(),
      {
        type: 'PartsFetched',
        data: { from: '/p', parts: [p1, q3].map((p) => ({ name: p.name, reason: '', part: p })) },
      },
    ]);
    expect(detachedOf(state, '20201122').map((d) => d.name)).toEqual([q3.name]);
    expect(detachedOf(state, '20201123')).toEqual([]);
    expect([...state.knownPartitions]).toEqual(['20201121', '20201122']);
    expect(state.activeCount).toBe(0);
  });

  it('adds the parts copied by ATTACH PARTITION FROM', () => {
    const copied = part('2020-11-22', 2);
    const state = spec.stateAfter([
      created(),
      added(p1),
      {
        type: 'PartitionAttachedFrom',
        data: { source: other, parts: [{ sourceName: 'x_1_1_0', part: copied }] },
      },
    ]);
    expect(allActiveParts(state)).toEqual([p1, copied]);
    expect(state.nextBlock).toBe(3);
  });

  it('refuses a command or an event type it does not know, rather than ignoring it', () => {
    const state = spec.stateAfter([created()]);
    expect(() => mergeTreeDecider.decide({ type: 'Vacuum' } as never, state)).toThrow(
      'unhandled case: {"type":"Vacuum"}',
    );
    expect(() => mergeTreeDecider.evolve(state, { type: 'PartsVacuumed', data: {} } as never)).toThrow(
      'unhandled case',
    );
  });

  it('lists exactly the event types the decider records', () => {
    const definition = {
      ...dateDefinition,
      engine: "ReplicatedMergeTree('/t/mt', 'r1')",
      storagePolicy: 'tiered',
    };
    const source = (...parts: ReturnType<typeof part>[]) => ({
      table: other,
      definition,
      activeParts: parts,
    });
    const add = (date: string) => cmd('AddPart', { values: [str(date)], rows: 1, bytesOnDisk: 1 });
    const { events } = run([
      cmd('CreateTable', {
        definition: { ...dateSpec, engine: definition.engine, storagePolicy: 'tiered' },
        ifNotExists: false,
      }),
      add('2020-11-21'),
      add('2020-11-21'),
      cmd('MergeParts', { final: true }),
      cmd('DetachPartition', { partition: day('2020-11-21') }),
      cmd('AttachPartition', { partition: day('2020-11-21') }),
      add('2020-11-22'),
      cmd('DropPartition', { partition: day('2020-11-22') }),
      cmd('ForgetPartition', { partition: day('2020-11-22') }),
      cmd('RegisterDetachedPart', { name: 'broken_20201123_9_9_0', rows: 1, bytesOnDisk: 1 }),
      cmd('DropDetachedPart', { name: 'broken_20201123_9_9_0', allowDropDetached: true }),
      cmd('AttachPartitionFrom', { partition: day('2020-11-24'), source: source(part('2020-11-24', 1)) }),
      cmd('ReplacePartitionFrom', { partition: day('2020-11-24'), source: source(part('2020-11-24', 1)) }),
      cmd('MovePartitionToTable', { partition: day('2020-11-21'), moveId: 'm1', destination: source() }),
      cmd('CompletePartitionMove', { moveId: 'm1' }),
      cmd('MovePartitionToTable', { partition: day('2020-11-24'), moveId: 'm2', destination: source() }),
      cmd('AbortPartitionMove', { moveId: 'm2', reason: 'refused' }),
      cmd('ReceiveMovedParts', { moveId: 'm3', source: source(), parts: [part('2020-11-26', 1)] }),
      cmd('FreezePartition', {}),
      cmd('UnfreezePartition', { withName: '1' }),
      cmd('DeleteInPartition', { where: '1' }),
      add('2020-11-27'),
      cmd('MovePartitionToDisk', { partition: day('2020-11-27'), target: { kind: 'volume', name: 'slow' } }),
      cmd('FetchPartition', {
        partition: day('2020-11-28'),
        from: '/p',
        source: source(part('2020-11-28', 1)),
      }),
    ]);
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...MERGETREE_EVENT_TYPES].sort());
    expect(new Set(MERGETREE_EVENT_TYPES).size).toBe(MERGETREE_EVENT_TYPES.length);
  });

  it('finds the partition of a part name, even of a renamed directory', () => {
    expect(partitionIdOf('20201121_1_1_0')).toBe('20201121');
    expect(partitionIdOf('20201121_1_1_0_try1')).toBe('20201121');
  });
});

describe('snapshot: edge cases', () => {
  it('restores parts sharing a partition, detached parts sharing one, backups and received moves', () => {
    const history: MergeTreeEvent[] = [
      created(),
      added(p1),
      added(p2),
      added(q3),
      added(part('2020-11-23', 4)),
      added(part('2020-11-23', 5)),
      detached(part('2020-11-23', 4), part('2020-11-23', 5)),
      {
        type: 'PartitionFrozen',
        data: {
          backupName: 'b',
          increment: 3,
          partitionId: null,
          partNames: [p1.name, q3.name],
          frozenAt: NOW,
        },
      },
      {
        type: 'MovedPartsReceived',
        data: {
          moveId: 'x',
          source: other,
          parts: [
            { sourceName: 'a_1_1_0', part: part('2020-11-24', 6) },
            { sourceName: 'a_2_2_0', part: part('2020-11-24', 7) },
          ],
        },
      },
    ];
    const replayed = spec.stateAfter(history);
    const restored = mergeTreeSnapshotPolicy.fromSnapshot(
      JSON.parse(JSON.stringify(mergeTreeSnapshotPolicy.toSnapshot(replayed))),
    );
    expect(restored).toEqual(replayed);
    expect(restored.activeCount).toBe(5);
    expect(restored.active.get('20201121')?.size).toBe(2);
    expect(restored.detachedByPartition.get('20201123')?.size).toBe(2);
    expect([...(restored.backups.get('b')?.parts ?? [])]).toEqual([
      [p1.name, '20201121'],
      [q3.name, '20201122'],
    ]);
    expect([...(restored.receivedMoves.get('x') ?? [])]).toEqual(['a_1_1_0', 'a_2_2_0']);
  });
});

describe('part names: edge cases', () => {
  it('accepts partition IDs of letters, digits and dashes only, anchored at both ends', () => {
    expect(isValidPartitionId('2020-a-B')).toBe(true);
    for (const bad of ['', '_a', 'a_', 'a.b', 'a b']) expect(isValidPartitionId(bad)).toBe(false);
  });

  it('refuses a number past 2^53 and a bad partition ID in a part name', () => {
    expect(parsePartName('all_1_9007199254740993_0')).toBeUndefined();
    expect(parsePartName('all_1_1_0_9007199254740993')).toBeUndefined();
    expect(parsePartName('all_9007199254740991_9007199254740991_0')).toEqual({
      partitionId: 'all',
      minBlock: 9007199254740991,
      maxBlock: 9007199254740991,
      level: 0,
      mutation: 0,
    });
    expect(parsePartName('a.b_1_1_0')).toBeUndefined();
    expect(parsePartName('all_1_1_0_7')).toMatchObject({ mutation: 7 });
  });

  it('takes a reason prefix only before a valid part name', () => {
    expect(splitDetachedName('broken_nonsense')).toEqual({ reason: '', partName: 'broken_nonsense' });
    expect(splitDetachedName('20201121_1_1_0')).toEqual({ reason: '', partName: '20201121_1_1_0' });
    expect(splitDetachedName('broken-on-start_all_1_1_0')).toEqual({
      reason: 'broken-on-start',
      partName: 'all_1_1_0',
    });
    expect(splitDetachedName('tmp-fetch_all_1_1_0').reason).toBe('tmp-fetch');
  });

  it('flags an empty name as unsafe, and a dotted name that is no directory step as safe', () => {
    expect(isUnsafeFileName('')).toBe(true);
    expect(isUnsafeFileName('a/')).toBe(true);
    expect(isUnsafeFileName('...')).toBe(false);
  });

  it('needs every bound of the containment rule', () => {
    const p = (min: number, max: number, level: number) => ({
      partitionId: 'p',
      minBlock: min,
      maxBlock: max,
      level,
      mutation: 0,
    });
    expect(containsPart(p(2, 3, 1), p(1, 1, 0))).toBe(false);
    expect(containsPart(p(2, 3, 1), p(2, 3, 0))).toBe(true);
    expect(containsPart(p(1, 3, 0), p(1, 2, 0))).toBe(false);
    expect(containsPart(p(1, 3, 0), p(2, 3, 0))).toBe(false);
    expect(containsPart(p(1, 3, 1), p(1, 3, 1))).toBe(true);
    expect(containsPart(p(1, 3, 1), p(1, 4, 0))).toBe(false);
  });
});
