import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import { NOW, added, cmd, created, day, detached, part, refusedWith } from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const p1 = part('2020-11-21', 1);
const p2 = part('2020-11-21', 2);
const p3 = part('2020-11-22', 3);
const table = [created(), added(p1), added(p2), added(p3)];

describe('DetachPartition / DetachPart', () => {
  it('moves every active part of the partition to detached under the same name', () => {
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: day('2020-11-21') }))
      .then([detached(p1, p2)]);
    const state = spec.stateAfter([...table, detached(p1, p2)]);
    expect([...state.detached.keys()]).toEqual(['20201121_1_1_0', '20201121_2_2_0']);
    expect(state.active.has('20201121')).toBe(false);
  });

  it('accepts ID and ALL, and does nothing for an empty partition', () => {
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: { kind: 'id', id: '20201122' } }))
      .then([detached(p3)]);
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: { kind: 'all' } }))
      .then([detached(p1, p2, p3)]);
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: day('2021-01-01') }))
      .thenNothingHappens();
  });

  it('detaches one part, and refuses a part that is not active or badly named', () => {
    spec
      .given(table)
      .when(cmd('DetachPart', { name: '20201121_2_2_0' }))
      .then([detached(p2)]);
    spec
      .given(table)
      .when(cmd('DetachPart', { name: '20201121_9_9_0' }))
      .thenThrows(refusedWith('NO_SUCH_DATA_PART'));
    spec
      .given(table)
      .when(cmd('DetachPart', { name: 'nonsense' }))
      .thenThrows(refusedWith('BAD_DATA_PART_NAME'));
  });

  it('refuses an invalid partition ID', () => {
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: { kind: 'id', id: 'a_b' } }))
      .thenThrows(refusedWith('INVALID_PARTITION_VALUE'));
  });
});

describe('AttachPartition / AttachPart', () => {
  const afterDetach = [...table, detached(p1, p2)];

  it('attaches each detached part under a new block number', () => {
    spec
      .given(afterDetach)
      .when(cmd('AttachPartition', { partition: day('2020-11-21') }))
      .then([
        {
          type: 'PartsAttached',
          data: {
            parts: [
              { detachedName: p1.name, part: part('2020-11-21', 4) },
              { detachedName: p2.name, part: part('2020-11-21', 5) },
            ],
          },
        },
      ]);
  });

  it('skips parts covered by another detached part, and prefixed parts', () => {
    const merged = part('2020-11-21', 1, { maxBlock: 2, level: 1 });
    const broken = {
      type: 'DetachedPartRegistered' as const,
      data: { detached: { name: 'broken_20201121_7_7_0', reason: 'broken', part: part('2020-11-21', 7) } },
    };
    const [event] = spec
      .given([...afterDetach, added(merged), detached(merged), broken])
      .when(cmd('AttachPartition', { partition: day('2020-11-21') }))
      .events();
    expect(event.type === 'PartsAttached' && event.data.parts.map((p) => p.detachedName)).toEqual([
      merged.name,
    ]);
  });

  it('attaches one named part and refuses missing or unsafe names', () => {
    spec
      .given(afterDetach)
      .when(cmd('AttachPart', { name: p2.name }))
      .then([
        { type: 'PartsAttached', data: { parts: [{ detachedName: p2.name, part: part('2020-11-21', 4) }] } },
      ]);
    spec
      .given(afterDetach)
      .when(cmd('AttachPart', { name: '20201121_8_8_0' }))
      .thenThrows(refusedWith('BAD_DATA_PART_NAME'));
    spec
      .given(afterDetach)
      .when(cmd('AttachPart', { name: '../20201121_1_1_0' }))
      .thenThrows(refusedWith('INCORRECT_FILE_NAME'));
  });

  it('detaches onto a name already in detached as <name>_try1, then _try2 (BEHAVIOUR.md §6)', () => {
    const fetched = {
      type: 'PartsFetched' as const,
      data: { from: '/x', parts: [{ name: p3.name, reason: '', part: p3 }] },
    };
    spec
      .given([...table, fetched])
      .when(cmd('DetachPart', { name: p3.name }))
      .then([
        {
          type: 'PartsDetached',
          data: { parts: [p3], detachedAt: NOW, detachedAs: { [p3.name]: `${p3.name}_try1` } },
        },
      ]);
    const tried = {
      type: 'DetachedPartRegistered' as const,
      data: { detached: { name: `${p3.name}_try1`, reason: '', part: p3 } },
    };
    const [again] = spec
      .given([...table, fetched, tried])
      .when(cmd('DetachPart', { name: p3.name }))
      .events();
    expect(again).toMatchObject({ data: { detachedAs: { [p3.name]: `${p3.name}_try2` } } });
  });
});
