import { DeciderSpecification } from '@engine/testing';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent } from './mergetree.events';
import {
  added,
  cmd,
  created,
  dateDefinition,
  day,
  detached,
  LATER,
  mt,
  OUT_OF_ORDER,
  part,
  refused,
} from './mergetree.spec-fixtures';

const spec = DeciderSpecification.for(mergeTreeDecider);
const { p1, p3, q2, table } = OUT_OF_ORDER;
const registered = (name: string, reason: string, block: number): MergeTreeEvent => ({
  type: 'DetachedPartRegistered',
  data: { detached: { name, reason, part: part('2020-11-21', block) } },
});

describe('DetachPartition / DetachPart: edge cases', () => {
  it('detaches by partition ID then blocks, at the time of the request', () => {
    spec
      .given(table)
      .when({ ...cmd('DetachPartition', { partition: { kind: 'all' } }), now: LATER })
      .then([{ type: 'PartsDetached', data: { parts: [p1, p3, q2], detachedAt: LATER } }]);
    spec
      .given(table)
      .when(cmd('DetachPartition', { partition: day('2020-11-21') }))
      .then([detached(p1, p3)]);
  });

  it('names the part it refuses', () => {
    expect(refused(table, cmd('DetachPart', { name: 'nonsense' }))).toEqual([
      'BAD_DATA_PART_NAME',
      'Unexpected part name: nonsense',
    ]);
    expect(refused(table, cmd('DetachPart', { name: '20201121_9_9_0' }))).toEqual([
      'NO_SUCH_DATA_PART',
      'No part 20201121_9_9_0 in committed state',
    ]);
    expect(refused([], cmd('DetachPart', { name: p1.name }))[0]).toBe('UNKNOWN_TABLE');
    expect(refused(table, cmd('DetachPart', { name: '20211231_1_1_0' }))[0]).toBe('NO_SUCH_DATA_PART');
  });

  it('renames only the parts whose name is taken in detached, and keeps both in detached', () => {
    const withP1Detached = [...table, detached(p1), added(p1)];
    const event: MergeTreeEvent = {
      type: 'PartsDetached',
      data: { parts: [p1, p3], detachedAt: expect.any(String), detachedAs: { [p1.name]: `${p1.name}_try1` } },
    };
    spec
      .given(withP1Detached)
      .when(cmd('DetachPartition', { partition: day('2020-11-21') }))
      .then([event]);
    const state = spec.stateAfter([
      ...withP1Detached,
      { ...event, data: { ...event.data, detachedAt: LATER } },
    ]);
    expect([...state.detached.keys()].sort()).toEqual([p1.name, `${p1.name}_try1`, p3.name]);
    expect(state.detached.get(`${p1.name}_try1`)).toEqual({ name: `${p1.name}_try1`, reason: '', part: p1 });
    expect(state.activeCount).toBe(1);
  });
});

describe('AttachPartition / AttachPart: edge cases', () => {
  it('attaches by blocks whatever the order of detaching, and leaves _try names in detached', () => {
    const history = [...table, detached(p3), detached(p1), registered(`${p1.name}_try1`, '', 1)];
    spec
      .given(history)
      .when(cmd('AttachPartition', { partition: day('2020-11-21') }))
      .then([
        {
          type: 'PartsAttached',
          data: {
            parts: [
              { detachedName: p1.name, part: part('2020-11-21', 4) },
              { detachedName: p3.name, part: part('2020-11-21', 5) },
            ],
          },
        },
      ]);
    spec
      .given(table)
      .when(cmd('AttachPartition', { partition: { kind: 'all' } }))
      .thenNothingHappens();
  });

  it('given a prefixed directory whose whole name also reads as a part name, leaves it in detached', () => {
    // `broken_1_5_5_0` of partition 1 parses as the part `broken_1_5_5_0` too (partition `broken`).
    const byNumber = created(mt, {
      ...dateDefinition,
      partitionKey: [{ function: 'identity', column: 'x', type: 'UInt64' }],
    });
    const broken: MergeTreeEvent = {
      type: 'DetachedPartRegistered',
      data: {
        detached: {
          name: 'broken_1_5_5_0',
          reason: 'broken',
          part: { ...part('2020-11-21', 5), partitionId: '1', partition: '1', name: '1_5_5_0' },
        },
      },
    };
    spec
      .given([byNumber, broken])
      .when(cmd('AttachPartition', { partition: { kind: 'id', id: '1' } }))
      .thenNothingHappens();
  });

  it('given ALL, attaches every partition, ordered by blocks', () => {
    const history = [...table, detached(q2), detached(p3, p1)];
    const [event] = spec
      .given(history)
      .when(cmd('AttachPartition', { partition: { kind: 'all' } }))
      .events();
    expect(
      event.type === 'PartsAttached' && event.data.parts.map((p) => [p.detachedName, p.part.name]),
    ).toEqual([
      [p1.name, '20201121_4_4_0'],
      [q2.name, '20201122_5_5_0'],
      [p3.name, '20201121_6_6_0'],
    ]);
  });

  it('leaves the attached part out of detached and in the table', () => {
    const history = [...table, detached(p1)];
    const [event] = spec
      .given(history)
      .when(cmd('AttachPart', { name: p1.name }))
      .events();
    const state = spec.stateAfter([...history, event]);
    expect(state.detached.size).toBe(0);
    expect(state.detachedByPartition.has('20201121')).toBe(false);
    expect([...(state.active.get('20201121')?.keys() ?? [])]).toEqual(['20201121_3_3_0', '20201121_4_4_0']);
    expect(state.nextBlock).toBe(5);
  });

  it('keeps the partition in detachedByPartition while it holds another detached part', () => {
    const history = [...table, detached(p1, p3)];
    const [event] = spec
      .given(history)
      .when(cmd('AttachPart', { name: p1.name }))
      .events();
    expect([...(spec.stateAfter([...history, event]).detachedByPartition.get('20201121') ?? [])]).toEqual([
      p3.name,
    ]);
  });

  it('names the detached part it refuses', () => {
    const history = [...table, registered('broken_20201121_7_7_0', 'broken', 7)];
    expect(refused(history, cmd('AttachPart', { name: 'broken_20201121_7_7_0' }))).toEqual([
      'BAD_DATA_PART_NAME',
      'Detached part "broken_20201121_7_7_0" is broken, it cannot be attached',
    ]);
    expect(refused(history, cmd('AttachPart', { name: '20201121_8_8_0' }))).toEqual([
      'BAD_DATA_PART_NAME',
      'Detached part "20201121_8_8_0" not found',
    ]);
    expect(refused(history, cmd('AttachPart', { name: '../x' }))).toEqual([
      'INCORRECT_FILE_NAME',
      "Invalid part name '../x'",
    ]);
    expect(refused(history, cmd('AttachPart', { name: '' }))[0]).toBe('INCORRECT_FILE_NAME');
  });
});
