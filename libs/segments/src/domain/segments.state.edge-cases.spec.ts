import { segmentsDecider } from './segments.decider';
import { SegmentsEvent } from './segments.events';
import { DS, hour, idOf, ids, published, segment } from './segments.fixtures';
import { segmentsContainedIn, segmentsOverlapping, SegmentsState } from './segments.state';

const HOUR = 3600000;
const fold = (events: SegmentsEvent[]) =>
  events.reduce(segmentsDecider.evolve, segmentsDecider.initialState());
const usedIds = (state: SegmentsState) =>
  [...state.byId.values()]
    .filter((e) => e.used)
    .map((e) => e.id)
    .sort();
const h1 = hour(1);
const h2 = hour(2);
const h3 = hour(3);

describe('segments state: edge cases', () => {
  it('given segments published out of order, then the index keeps their distinct starts sorted', () => {
    const state = fold([published([hour(5)]), published([hour(1), hour(6), hour(7)]), published([hour(3)])]);
    // toStrictEqual: toEqual would overlook a trailing undefined.
    expect(state.starts).toStrictEqual([1, 3, 5, 6, 7].map((h) => hour(h).start));
  });

  it('given segments of one and three hours, then the longest span seen is three hours, even after a kill', () => {
    const long = segment('2015-09-12T02:00:00.000Z/2015-09-12T05:00:00.000Z', 'v1');
    const state = fold([
      published([h1, long]),
      ids('SegmentsMarkedUnused', [long]),
      ids('UnusedSegmentsKilled', [long]),
    ]);
    expect(state.maxSpan).toBe(3 * HOUR);
    expect(fold([published([h1, h2])]).maxSpan).toBe(HOUR);
  });

  it('given a segment published again (a replayed event), then it is folded once', () => {
    const state = fold([published([h1]), published([h1, h2])]);
    expect(state.byId.size).toBe(2);
    expect(state.usedCount).toBe(2);
    expect(state.byStart.get(h1.start)).toHaveLength(1);
    expect(state.starts).toStrictEqual([h1.start, h2.start]);
  });

  it('given state changes naming unknown IDs or segments already in that state, then only real changes count', () => {
    const unknown = idOf(hour(9));
    const byHand = (type: Exclude<SegmentsEvent['type'], 'SegmentsPublished'>, segmentIds: string[]) =>
      ({ type, data: { schemaVersion: 1, datasource: DS, segmentIds } }) as SegmentsEvent;
    const state = fold([
      published([h1, h2]),
      byHand('SegmentsMarkedUnused', [idOf(h1), unknown]),
      byHand('SegmentsMarkedUnused', [idOf(h1)]),
      byHand('UnusedSegmentsKilled', [unknown]),
    ]);
    expect(usedIds(state)).toEqual([idOf(h2)]);
    expect(state.usedCount).toBe(1);
    expect(state.byId.size).toBe(2);
    expect(fold([published([h1]), byHand('SegmentsMarkedUsed', [idOf(h1), unknown])]).usedCount).toBe(1);
  });

  it('given a kill naming a used segment (an event written by hand), then the used count drops with it', () => {
    const state = fold([published([h1, h2, h3]), ids('UnusedSegmentsKilled', [h2])]);
    expect(usedIds(state)).toEqual([idOf(h1), idOf(h3)]);
    expect(state.usedCount).toBe(2);
    expect(state.starts).toStrictEqual([h1.start, h3.start]);
  });

  it('before any event, then the datasource is not known yet', () => {
    expect(segmentsDecider.initialState().datasource).toBe('');
  });

  it('given one of two segments of one start killed, then the other stays selectable', () => {
    const p1 = hour(1, 'v1', 1);
    const state = fold([
      published([h1, p1]),
      ids('SegmentsMarkedUnused', [h1]),
      ids('UnusedSegmentsKilled', [h1]),
    ]);
    expect(segmentsContainedIn(state, h1).map((e) => e.id)).toStrictEqual([idOf(p1)]);
    expect(state.starts).toStrictEqual([h1.start]);
  });

  it('overlapping: a segment starting where the interval ends does not overlap it', () => {
    const state = fold([published([h1, h2])]);
    // toStrictEqual: toEqual would overlook an undefined item.
    expect(segmentsOverlapping(state, h1).map((e) => e.id)).toStrictEqual([idOf(h1)]);
    expect(
      segmentsOverlapping(state, { start: h1.start + 1, end: h2.start + 1 }).map((e) => e.id),
    ).toStrictEqual([idOf(h1), idOf(h2)]);
  });
});
