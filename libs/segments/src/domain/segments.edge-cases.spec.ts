import { decideAll } from '@engine/testing';
import { DomainError } from '@engine/kernel/domain';
import { SEGMENTS_EVENT_TYPES, SegmentsEvent } from './segments.events';
import { SegmentsCommand } from './segments.commands';
import { segmentsDecider } from './segments.decider';
import { SegmentsState } from './segments.state';
import { DS, hour, idOf, publish } from './segments.fixtures';
import { byIds, interval, markUnused, markUsed } from './segments.decider-spec.helpers';

function run(commands: SegmentsCommand[]): { state: SegmentsState; events: SegmentsEvent[] } {
  return decideAll(segmentsDecider, commands);
}
const usedIds = (state: SegmentsState) =>
  [...state.byId.values()]
    .filter((e) => e.used)
    .map((e) => e.id)
    .sort();
function refusal(commands: SegmentsCommand[]): DomainError {
  try {
    run(commands);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
const HOUR = '2015-09-12T';
const span = (from: number, to: number) =>
  `${HOUR}${String(from).padStart(2, '0')}:00:00.000Z/${HOUR}${String(to).padStart(2, '0')}:00:00.000Z`;

describe('segments decider: edge cases', () => {
  it('lists every problem of an invalid segment, in order', () => {
    const bad = { start: 10, end: 5, version: '', partitionNum: -1, size: -1 };
    const error = refusal([{ type: 'PublishSegments', datasource: '', segments: [bad] }]);
    expect([error.code, error.message]).toEqual([
      'INVALID_SEGMENT',
      'Invalid segment: datasource must not be empty, interval start must be before its end, version must not be empty, partitionNum must be an integer from 0 to 2147483647, size must be a non-negative integer',
    ]);
    expect(refusal([publish([{ ...hour(0), size: 1.5 }])]).message).toBe(
      'Invalid segment: size must be a non-negative integer',
    );
    expect(refusal([publish([{ ...hour(0), partitionNum: 2147483648 }])]).message).toContain('partitionNum');
  });

  it('accepts the bounds: partition number 2147483647 and size 0', () => {
    const { state } = run([publish([{ ...hour(0), partitionNum: 2147483647, size: 0 }])]);
    expect(state.byId.size).toBe(1);
  });

  it('names the IDs it refuses in the details', () => {
    expect(refusal([{ type: 'MarkSegmentUnused', datasource: DS, segmentId: 'x' }]).details).toEqual({
      segmentId: 'x',
    });
    expect(refusal([markUsed(byIds('x'))]).details).toEqual({ segmentIds: ['x'] });
    const unknown = idOf(hour(9));
    expect(refusal([publish([hour(0)]), markUsed(byIds(idOf(hour(0)), unknown))]).details).toEqual({
      segmentIds: [unknown],
    });
  });

  it('keeps segments published out of order selectable by interval', () => {
    const history = [publish([hour(5)]), publish([hour(1), hour(7)]), publish([hour(3)]), publish([hour(6)])];
    const { state } = run([...history, markUnused(interval(span(0, 4)))]);
    expect(usedIds(state)).toEqual([idOf(hour(5)), idOf(hour(6)), idOf(hour(7))].sort());
    const revived = run([...history, markUnused(interval(span(0, 8))), markUsed(interval(span(5, 7)))]).state;
    expect(usedIds(revived)).toEqual([idOf(hour(5)), idOf(hour(6))].sort());
  });

  it('marks unused by interval only what is used, and kills then forgets segments', () => {
    const history = [publish([hour(1), hour(2)]), markUnused(byIds(idOf(hour(1))))];
    const { events } = run([...history, markUnused(interval(span(0, 3)))]);
    const last = events.at(-1) as Extract<SegmentsEvent, { type: 'SegmentsMarkedUnused' }>;
    expect(last.type).toBe('SegmentsMarkedUnused');
    expect(JSON.stringify(last.data)).toContain(idOf(hour(2)));
    expect(JSON.stringify(last.data)).not.toContain(idOf(hour(1)));
    const killed = run([
      ...history,
      markUnused(interval(span(0, 3))),
      { type: 'KillUnusedSegments', datasource: DS, interval: { start: hour(1).start, end: hour(1).end } },
      publish([hour(0)]),
    ]).state;
    expect([...killed.byId.keys()].sort()).toEqual([idOf(hour(0)), idOf(hour(2))].sort());
    expect(killed.usedCount).toBe(1);
  });

  it('finds a segment by its second reading: a version ending in an integer trail', () => {
    const trailing = hour(4, 'v_1');
    const { state } = run([
      publish([trailing]),
      { type: 'MarkSegmentUnused', datasource: DS, segmentId: idOf(trailing) },
    ]);
    expect(usedIds(state)).toEqual([]);
  });

  it('lists every event type it records', () => {
    const { events } = run([
      publish([hour(1)]),
      markUnused(byIds(idOf(hour(1)))),
      markUsed(byIds(idOf(hour(1)))),
      markUnused(byIds(idOf(hour(1)))),
      { type: 'KillUnusedSegments', datasource: DS, interval: { start: hour(1).start, end: hour(1).end } },
    ]);
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...SEGMENTS_EVENT_TYPES].sort());
  });

  it('throws on a command or an event outside its unions', () => {
    const state = segmentsDecider.initialState();
    expect(() => segmentsDecider.decide({ type: 'Bogus', datasource: DS } as never, state)).toThrow(
      'unhandled case',
    );
    expect(() => segmentsDecider.evolve(state, { type: 'Bogus', data: {} } as never)).toThrow(
      'unhandled case',
    );
  });
});
