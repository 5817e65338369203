import { fiveRowsets, ids, tabletSpec, trigger, triggeredEvent } from './tablet.fixtures';
import { tabletDecider } from './tablet.decider';
import { tabletSnapshotPolicy } from './tablet.snapshot';

describe('tablet snapshots', () => {
  it('a state restored from its JSON snapshot decides exactly as the live state', () => {
    const live = tabletSpec.stateAfter([fiveRowsets, triggeredEvent('cumulative', ids(4, 5))]);
    const restored = tabletSnapshotPolicy.fromSnapshot(
      JSON.parse(JSON.stringify(tabletSnapshotPolicy.toSnapshot(live))),
    );
    expect(restored).toEqual(JSON.parse(JSON.stringify(live)));
    const start = { type: 'StartCompaction', tabletId: 10015, compactionId: 'c1', now: 'x' } as const;
    expect(tabletDecider.decide(start, restored)).toEqual(tabletDecider.decide(start, live));
    expect(() => tabletDecider.decide(trigger('cumulative', 'c2'), restored)).toThrow('already running');
  });
});
