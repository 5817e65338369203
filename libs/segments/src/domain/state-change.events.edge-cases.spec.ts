import { decideAll } from '@engine/testing';
import { byIds, given, interval, markUnused } from './segments.decider-spec.helpers';
import { segmentsDecider } from './segments.decider';
import { SegmentsCommand } from './segments.commands';
import { SegmentsEvent } from './segments.events';
import { changed, DS, hour, idOf, publish, published, segment } from './segments.fixtures';
import { SegmentsState } from './segments.state';

/** Decides and folds each command, as the pipeline does; the state and every event recorded. */
function run(commands: SegmentsCommand[]): { state: SegmentsState; events: SegmentsEvent[] } {
  return decideAll(segmentsDecider, commands);
}
const usedIds = (state: SegmentsState) =>
  [...state.byId.values()]
    .filter((e) => e.used)
    .map((e) => e.id)
    .sort();
const selectionOf = (event: SegmentsEvent | undefined) =>
  event && event.type !== 'SegmentsPublished' ? event.data.selection : undefined;
const h1 = hour(1);
const h2 = hour(2);
const h3 = hour(3);
const h5 = hour(5);
const oneToFour = interval('2015-09-12T01:00:00.000Z/2015-09-12T04:00:00.000Z');

describe('bulk state change events: edge cases', () => {
  it('given IDs in any order, then the event names them in start order', () => {
    given([published([h1, h3, h5])])
      .when(markUnused(byIds(idOf(h5), idOf(h1), idOf(h3))))
      .then([changed('SegmentsMarkedUnused', [h1, h3, h5])]);
  });

  it('given a segment already unused inside the range, then the ranged event leaves the used count right', () => {
    const { state, events } = run([
      publish([h1, h2, h3]),
      markUnused(byIds(idOf(h2))),
      markUnused(oneToFour),
    ]);
    expect(selectionOf(events.at(-1))).toBeDefined();
    expect(usedIds(state)).toEqual([]);
    expect(state.usedCount).toBe(0);
  });

  it('given a longer segment starting inside the range, then the ranged event leaves it used', () => {
    const long = segment('2015-09-12T02:00:00.000Z/2015-09-12T10:00:00.000Z', 'v1');
    const { state, events } = run([publish([h1, long, h3]), markUnused(oneToFour)]);
    expect(selectionOf(events.at(-1))).toEqual({
      startFrom: '2015-09-12T01:00:00.000Z',
      startTo: '2015-09-12T03:00:00.000Z',
      endTo: '2015-09-12T04:00:00.000Z',
    });
    expect(usedIds(state)).toEqual([idOf(long)]);
    expect(state.usedCount).toBe(1);
  });

  it('given another version inside the range, then the ranged event of one version leaves it used', () => {
    const h2v2 = hour(2, 'v2');
    const { state, events } = run([
      publish([h1, h2v2, h3]),
      markUnused(interval('2015-09-12T01:00:00.000Z/2015-09-12T04:00:00.000Z', ['v1'])),
    ]);
    expect(selectionOf(events.at(-1))).toEqual(expect.objectContaining({ versions: ['v1'] }));
    expect(usedIds(state)).toEqual([idOf(h2v2)]);
    expect(state.usedCount).toBe(1);
  });

  it('given a version whose integer trail has a leading zero, then the ID is found by its second reading', () => {
    const trailing = hour(4, 'v_01');
    const { events } = run([
      publish([trailing]),
      { type: 'MarkSegmentUnused', datasource: DS, segmentId: idOf(trailing) },
    ]);
    expect(events.at(-1)).toEqual(changed('SegmentsMarkedUnused', [trailing]));
  });

  it('given a segment starting one millisecond after the last one changed, then the selection still stops before it', () => {
    const long = segment('2015-09-12T01:00:00.000Z/2015-09-12T03:00:00.000Z', 'v1');
    const next = { ...hour(1), start: hour(1).start + 1 };
    given([published([long, next])])
      .when(markUnused(byIds(idOf(long))))
      .then([changed('SegmentsMarkedUnused', [long])]);
  });
});
