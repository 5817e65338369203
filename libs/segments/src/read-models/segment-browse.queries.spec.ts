import type { RecordedEvent } from '@engine/eventstore';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { isOvershadowed } from '../domain/overshadow.rule';
import { segmentsDecider } from '../domain/segments.decider';
import { SegmentsEvent } from '../domain/segments.events';
import { SegmentBrowseQueries } from './segment-browse.queries';
import { segmentUsedProjection } from './segment-used.projection';

const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

/** A segment of hours [from, from + span) at one of a few versions. */
const segmentArb = fc.record({
  from: fc.integer({ min: 0, max: 8 }),
  span: fc.integer({ min: 1, max: 4 }),
  version: fc.constantFrom('v1', 'v2', 'v3'),
  partitionNum: fc.integer({ min: 0, max: 1 }),
  unused: fc.boolean(),
});

describe('SegmentBrowseQueries.isOvershadowed (the read model) agrees with the domain rule', () => {
  it('given random segments, some marked unused, when each used segment is checked, then both say the same', () => {
    let overshadowed = 0;
    fc.assert(
      fc.property(fc.array(segmentArb, { minLength: 1, maxLength: 25 }), (specs) => {
        const segments = specs.map((s) => {
          const start = BASE + s.from * HOUR;
          const end = start + s.span * HOUR;
          const id = `ds_${iso(start)}_${iso(end)}_${s.version}${s.partitionNum ? `_${s.partitionNum}` : ''}`;
          return {
            id,
            start: iso(start),
            end: iso(end),
            version: s.version,
            partitionNum: s.partitionNum,
            size: 1,
          };
        });
        const unique = [...new Map(segments.map((s) => [s.id, s])).values()];
        const unusedIds = [...new Set(specs.flatMap((s, i) => (s.unused ? [segments[i].id] : [])))];
        const events: SegmentsEvent[] = [
          { type: 'SegmentsPublished', data: { schemaVersion: 1, datasource: 'ds', segments: unique } },
          ...(unusedIds.length > 0
            ? [
                {
                  type: 'SegmentsMarkedUnused' as const,
                  data: { schemaVersion: 1 as const, datasource: 'ds', segmentIds: unusedIds },
                },
              ]
            : []),
        ];
        const state = events.reduce(segmentsDecider.evolve, segmentsDecider.initialState());
        const db = new Database(':memory:');
        const projection = segmentUsedProjection.open(db);
        events.forEach((event, n) =>
          projection.apply({
            id: `e${n}`,
            streamName: 'datasource-acme/ds',
            type: event.type,
            revision: BigInt(n),
            position: BigInt(n + 1),
            data: event.data,
            metadata: {
              tenant: 'acme',
              actor: 'a',
              commandId: 'c',
              correlationId: 'c',
              causationId: 'c',
              source: 'native',
              occurredAt: iso(BASE),
            },
            recordedAt: iso(BASE),
          } satisfies RecordedEvent),
        );
        const queries = new SegmentBrowseQueries(db);
        for (const row of queries.page('acme', 'ds', ['used'], '', 1000)) {
          const entry = state.byId.get(row.id);
          expect(entry).toBeDefined();
          const expected = isOvershadowed(state, entry!);
          if (expected) overshadowed++;
          expect([row.id, queries.isOvershadowed('acme', row)]).toEqual([row.id, expected]);
        }
        db.close();
      }),
      { seed: 19, numRuns: 200 },
    );
    // The generator does produce overshadowed segments, so the agreement is not vacuous.
    expect(overshadowed).toBeGreaterThan(50);
  });
});
