import { DomainError } from '@engine/kernel/domain';
import fc from 'fast-check';
import type { MergeTreeCommand } from './mergetree.commands';
import { mergeTreeDecider } from './mergetree.decider';
import { allActiveParts } from './mergetree.state';
import { cmd, created, day, str } from './mergetree.spec-fixtures';
import { parsePartName } from './part-name.value-object';

const days = ['2020-11-21', '2020-11-22', '2020-11-23'];
const command = fc.oneof(
  fc.constantFrom(...days).map((d) => cmd('AddPart', { values: [str(d)], rows: 1, bytesOnDisk: 1 })),
  fc.constantFrom(...days).map((d) => cmd('DetachPartition', { partition: day(d) })),
  fc.constantFrom(...days).map((d) => cmd('AttachPartition', { partition: day(d) })),
  fc.constantFrom(...days).map((d) => cmd('DropPartition', { partition: day(d) })),
  fc.constantFrom(...days).map((d) => cmd('MergeParts', { partition: day(d), final: true })),
  fc.constant(cmd('AttachPartition', { partition: { kind: 'all' } })),
  fc.constant(cmd('DropDetachedPartition', { partition: { kind: 'all' }, allowDropDetached: true })),
  fc.constant(cmd('FreezePartition', {})),
);

describe('MergeTree invariants over random command sequences', () => {
  it('keeps every part in one place, names consistent, and block numbers increasing', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands: MergeTreeCommand[]) => {
        let state = mergeTreeDecider.evolve(mergeTreeDecider.initialState(), created());
        let lastBlock = 0;
        for (const c of commands) {
          let events;
          try {
            events = mergeTreeDecider.decide(c, state);
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          for (const event of events) state = mergeTreeDecider.evolve(state, event);
          const active = allActiveParts(state);
          expect(state.activeCount).toBe(active.length);
          for (const part of active) {
            expect(state.detached.has(part.name)).toBe(false);
            expect(parsePartName(part.name)).toEqual({
              partitionId: part.partitionId,
              minBlock: part.minBlock,
              maxBlock: part.maxBlock,
              level: part.level,
              mutation: part.mutation,
            });
            expect(part.maxBlock).toBeLessThan(state.nextBlock);
          }
          expect(state.nextBlock).toBeGreaterThanOrEqual(lastBlock);
          lastBlock = state.nextBlock;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('records a bulk change as one event, and the same change cut in several (as earlier versions stored it) folds the same', () => {
    const parts = 1010;
    const fresh = () => {
      let state = mergeTreeDecider.evolve(mergeTreeDecider.initialState(), created());
      for (let i = 0; i < parts; i++) {
        const add = cmd('AddPart', { values: [str('2020-11-21')], rows: 1, bytesOnDisk: 1 });
        for (const event of mergeTreeDecider.decide(add, state))
          state = mergeTreeDecider.evolve(state, event);
      }
      return state;
    };
    const state = fresh();
    const events = mergeTreeDecider.decide(cmd('DetachPartition', { partition: day('2020-11-21') }), state);
    expect(events).toHaveLength(1);
    const [whole] = events;
    if (whole.type !== 'PartsDetached') throw new Error('unexpected');
    expect(whole.data.parts).toHaveLength(parts);
    const cut = [0, 500, 1000].map((from) => ({
      ...whole,
      data: { ...whole.data, parts: whole.data.parts.slice(from, from + 500) },
    }));
    const folded = (list: typeof events) => {
      let s = fresh();
      for (const event of list) s = mergeTreeDecider.evolve(s, event);
      return { active: s.activeCount, detached: [...s.detached.keys()].sort() };
    };
    expect(folded(cut)).toEqual(folded(events));
    expect(folded(events)).toEqual({ active: 0, detached: whole.data.parts.map((p) => p.name).sort() });
  });
});
