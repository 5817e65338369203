import { DomainError } from '@engine/kernel/domain';
import fc from 'fast-check';
import type { MergeTreeCommand } from './mergetree.commands';
import { mergeTreeDecider } from './mergetree.decider';
import { PARTS_PER_EVENT } from './mergetree.rules';
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

  it('splits bulk changes into events of at most PARTS_PER_EVENT parts', () => {
    let state = mergeTreeDecider.evolve(mergeTreeDecider.initialState(), created());
    for (let i = 0; i < PARTS_PER_EVENT * 2 + 10; i++) {
      for (const event of mergeTreeDecider.decide(
        cmd('AddPart', { values: [str('2020-11-21')], rows: 1, bytesOnDisk: 1 }),
        state,
      )) {
        state = mergeTreeDecider.evolve(state, event);
      }
    }
    const events = mergeTreeDecider.decide(cmd('DetachPartition', { partition: day('2020-11-21') }), state);
    expect(events.map((e) => (e.type === 'PartsDetached' ? e.data.parts.length : -1))).toEqual([
      PARTS_PER_EVENT,
      PARTS_PER_EVENT,
      10,
    ]);
    for (const event of events) expect(JSON.stringify(event).length).toBeLessThan(256 * 1024);
  });
});
