import fc from 'fast-check';
import { segmentsDecider } from './segments.decider';
import { SegmentsEvent } from './segments.events';
import { idOf, ids, published } from './segments.fixtures';
import { segmentsSnapshotPolicy } from './segments.snapshot-policy';
import { SegmentsState, segmentsContainedIn, segmentsOverlapping } from './segments.state';

const HOUR = 3600000;
const piece = fc.record({
  start: fc.integer({ min: 0, max: 200 }).map((h) => h * HOUR),
  hours: fc.integer({ min: 1, max: 30 }),
  version: fc.constantFrom('v1', 'v2', 'v3'),
  partitionNum: fc.integer({ min: 0, max: 3 }),
});
const history = fc.array(piece, { minLength: 1, maxLength: 150 }).chain((pieces) => {
  const segments = pieces.map((p) => ({
    start: p.start,
    end: p.start + p.hours * HOUR,
    version: p.version,
    partitionNum: p.partitionNum,
    size: 1,
  }));
  return fc.tuple(fc.constant(segments), fc.subarray(segments), fc.subarray(segments));
});
const window = fc
  .tuple(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 1, max: 60 }))
  .map(([s, l]) => ({ start: s * HOUR, end: (s + l) * HOUR }));

function build(events: SegmentsEvent[]): SegmentsState {
  return events.reduce(segmentsDecider.evolve, segmentsDecider.initialState());
}

describe('segments state index', () => {
  it('selects by interval exactly as a scan of every segment would', () => {
    fc.assert(
      fc.property(history, window, ([all, unused, killed], interval) => {
        const state = build([
          published(all),
          ids('SegmentsMarkedUnused', unused),
          ids(
            'UnusedSegmentsKilled',
            killed.filter((s) => unused.includes(s)),
          ),
        ]);
        const live = [...state.byId.values()];
        const sortIds = (list: { id: string }[]) => list.map((e) => e.id).sort();
        expect(sortIds(segmentsContainedIn(state, interval))).toEqual(
          sortIds(live.filter((e) => e.start >= interval.start && e.end <= interval.end)),
        );
        expect(sortIds(segmentsOverlapping(state, interval))).toEqual(
          sortIds(live.filter((e) => e.start < interval.end && e.end > interval.start)),
        );
        expect(state.starts).toEqual([...new Set(live.map((e) => e.start))].sort((a, b) => a - b));
        expect(state.usedCount).toBe(live.filter((e) => e.used).length);
        for (const s of killed.filter((k) => unused.includes(k))) expect(state.byId.has(idOf(s))).toBe(false);
      }),
    );
  });

  it('a snapshot restores the same state', () => {
    fc.assert(
      fc.property(history, ([all, unused]) => {
        const state = build([published(all), ids('SegmentsMarkedUnused', unused)]);
        const restored = segmentsSnapshotPolicy.fromSnapshot(
          JSON.parse(JSON.stringify(segmentsSnapshotPolicy.toSnapshot(state))),
        );
        expect(restored).toEqual(state);
      }),
    );
  });
});
