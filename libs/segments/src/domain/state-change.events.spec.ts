import fc from 'fast-check';
import { parseInterval } from './interval.value-object';
import { formatIsoInstant } from './iso-instant.value-object';
import { SegmentsCommand } from './segments.commands';
import { segmentsDecider } from './segments.decider';
import { SegmentsEvent } from './segments.events';
import { DS, hour, published } from './segments.fixtures';
import { SegmentsState } from './segments.state';

const fold = (events: SegmentsEvent[], state = segmentsDecider.initialState()) =>
  events.reduce(segmentsDecider.evolve, state);
const withoutSelection = (events: SegmentsEvent[]): SegmentsEvent[] =>
  events.map((e) =>
    e.type === 'SegmentsPublished' ? e : { ...e, data: { ...e.data, selection: undefined } },
  );
const usedFlags = (state: SegmentsState) => [...state.byId.values()].map((e) => `${e.id}=${e.used}`).sort();

describe('bulk state changes', () => {
  it('one event names all 12,000 segments of a bulk change, with an exact selection', () => {
    const segments = Array.from({ length: 12000 }, (_, i) => hour(Math.floor(i / 3), `v${i % 3}`));
    const state = fold([published(segments)]);
    const events = segmentsDecider.decide({ type: 'MarkAllSegmentsUnused', datasource: DS }, state);
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event.type === 'SegmentsPublished') throw new Error('unexpected');
    expect(event.data.segmentIds).toHaveLength(12000);
    expect(event.data.selection).toEqual({
      startFrom: formatIsoInstant(hour(0).start),
      startTo: formatIsoInstant(hour(3999).start),
      endTo: formatIsoInstant(hour(3999).end),
    });
    expect(fold(events, state).usedCount).toBe(0);
  });

  it('events stored cut in several (by earlier versions) still fold to the same state', () => {
    const segments = Array.from({ length: 12000 }, (_, i) => hour(0, 'v1', i));
    const state = fold([published(segments)]);
    const [whole] = segmentsDecider.decide({ type: 'MarkAllSegmentsUnused', datasource: DS }, state);
    if (whole.type === 'SegmentsPublished') throw new Error('unexpected');
    const ids = whole.data.segmentIds;
    const cut: SegmentsEvent[] = [0, 5000, 10000].map((from) => ({
      type: 'SegmentsMarkedUnused',
      data: { schemaVersion: 1, datasource: DS, segmentIds: ids.slice(from, from + 5000) },
    }));
    // (evolve may reuse the state it is given: each fold starts from its own copy)
    const fresh = () => fold([published(segments)]);
    expect(usedFlags(fold(cut, fresh()))).toEqual(usedFlags(fold([whole], fresh())));
    expect(fold(cut, fresh()).usedCount).toBe(0);
    const publishedInThree = [0, 4000, 8000].map((from) => published(segments.slice(from, from + 4000)));
    expect(usedFlags(fold(publishedInThree))).toEqual(usedFlags(state));
  });

  it('applying a selection gives the same state as applying the listed IDs', () => {
    const history = fc.array(
      fc.record({
        h: fc.integer({ min: 0, max: 40 }),
        v: fc.constantFrom('v1', 'v2', 'v3'),
        p: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 120 },
    );
    const command = fc.record({
      kind: fc.constantFrom(
        'MarkSegmentsUnused',
        'MarkSegmentsUsed',
        'MarkAllSegmentsUnused',
        'MarkAllSegmentsUsed',
      ) as fc.Arbitrary<
        'MarkSegmentsUnused' | 'MarkSegmentsUsed' | 'MarkAllSegmentsUnused' | 'MarkAllSegmentsUsed'
      >,
      from: fc.integer({ min: 0, max: 40 }),
      hours: fc.integer({ min: 1, max: 20 }),
      versions: fc.option(fc.subarray(['v1', 'v2', 'v3']), { nil: undefined }),
    });
    fc.assert(
      fc.property(history, fc.array(command, { minLength: 1, maxLength: 4 }), (pieces, commands) => {
        const events: SegmentsEvent[] = [published(pieces.map(({ h, v, p }) => hour(h, v, p)))];
        let state = fold(events);
        for (const c of commands) {
          const hh = (n: number) =>
            `2015-09-${String(12 + Math.floor(n / 24)).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:00:00.000Z`;
          const interval = parseInterval(`${hh(c.from)}/${hh(c.from + c.hours)}`)!;
          const cmd: SegmentsCommand =
            c.kind === 'MarkSegmentsUnused' || c.kind === 'MarkSegmentsUsed'
              ? {
                  type: c.kind,
                  datasource: DS,
                  selector: { kind: 'interval', interval, versions: c.versions },
                }
              : { type: c.kind, datasource: DS };
          const decided = segmentsDecider.decide(cmd, state);
          events.push(...decided);
          state = fold(decided, state);
        }
        expect(usedFlags(state)).toEqual(usedFlags(fold(withoutSelection(events))));
      }),
    );
  });
});
