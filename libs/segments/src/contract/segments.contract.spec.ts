import { parseInterval, SegmentsCommand, segmentsDecider } from '../domain';
import { decideAll, expectDecidedEventsMatch } from '../../../../test/audit/support/event-contract';
import { SEGMENTS_EVENT_SCHEMAS } from './segments.schemas';

/**
 * The schemas against real events: this family's own decider runs a short lifecycle that emits
 * every event type, and every event it returns must match its type's JSON Schema. Adding an event
 * type: emit it here too (the spec fails until every type is covered).
 */

describe('datasource events decided by the domain match the published JSON Schemas', () => {
  it('given a lifecycle emitting every event type, each event matches its schema', () => {
    const ds = 'wiki';
    const interval = parseInterval('2015-09-12T00:00:00.000Z/2015-09-12T02:00:00.000Z')!;
    const hour = (h: number) => ({
      start: interval.start + h * 3_600_000,
      end: interval.start + (h + 1) * 3_600_000,
      version: 'v1',
      partitionNum: 0,
      size: 100,
    });
    const published = decideAll(segmentsDecider, [
      { type: 'PublishSegments', datasource: ds, segments: [hour(0), hour(1)] },
    ] satisfies SegmentsCommand[]);
    const [first] = (published.events[0].data as { segments: { id: string }[] }).segments;
    const { events } = decideAll(
      segmentsDecider,
      [
        { type: 'MarkSegmentUnused', datasource: ds, segmentId: first.id },
        { type: 'MarkSegmentUsed', datasource: ds, segmentId: first.id },
        { type: 'MarkSegmentsUnused', datasource: ds, selector: { kind: 'interval', interval } },
        { type: 'KillUnusedSegments', datasource: ds, interval },
      ] satisfies SegmentsCommand[],
      published.state,
    );
    expectDecidedEventsMatch(SEGMENTS_EVENT_SCHEMAS, [...published.events, ...events]);
  });
});
