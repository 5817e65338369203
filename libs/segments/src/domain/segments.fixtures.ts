import { parseInterval } from './interval.value-object';
import { parseIsoInstant } from './iso-instant.value-object';
import { formatSegmentId } from './segment-id.value-object';
import { SegmentsCommand, SegmentToPublish } from './segments.commands';
import { SegmentsEvent } from './segments.events';

/** Builders shared by the segments specs (domain, projection and end-to-end). */
export const DS = 'wikipedia_hour';

export function segment(interval: string, version: string, partitionNum = 0, size = 100): SegmentToPublish {
  const parsed = parseInterval(interval);
  if (!parsed) throw new Error(`bad interval in a test: ${interval}`);
  return { ...parsed, version, partitionNum, size };
}

export function idOf(s: SegmentToPublish, datasource = DS): string {
  return formatSegmentId({ datasource, ...s });
}

/** The hour `hour` of 2015-09-12, as Druid's quickstart wikipedia_hour segments. */
export function hour(hourOfDay: number, version = 'v1', partitionNum = 0): SegmentToPublish {
  const start = (parseIsoInstant('2015-09-12T00:00:00.000Z') as number) + hourOfDay * 3600000;
  return { start, end: start + 3600000, version, partitionNum, size: 100 };
}

export function published(segments: readonly SegmentToPublish[], datasource = DS): SegmentsEvent {
  return {
    type: 'SegmentsPublished',
    data: {
      schemaVersion: 1,
      datasource,
      segments: segments.map((s) => ({
        id: idOf(s, datasource),
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        version: s.version,
        partitionNum: s.partitionNum,
        size: s.size,
      })),
    },
  };
}

type IdsEvent = Exclude<SegmentsEvent, { type: 'SegmentsPublished' }>;

/** A state change of `segments`, listed by ID only (as in histories written by hand). */
export function ids(type: IdsEvent['type'], segments: readonly SegmentToPublish[]): SegmentsEvent {
  return { type, data: { schemaVersion: 1, datasource: DS, segmentIds: segments.map((s) => idOf(s)) } };
}

/**
 * A state change as the decider emits it when `segments` (in start order) are all the segments
 * of their range in the source state: with the selection readers may apply as one ranged update.
 */
export function changed(
  type: IdsEvent['type'],
  segments: readonly SegmentToPublish[],
  versions?: string[],
): SegmentsEvent {
  const iso = (ms: number) => new Date(ms).toISOString();
  const selection = {
    startFrom: iso(Math.min(...segments.map((s) => s.start))),
    startTo: iso(Math.max(...segments.map((s) => s.start))),
    endTo: iso(Math.max(...segments.map((s) => s.end))),
    ...(versions ? { versions } : {}),
  };
  return { type, data: { ...ids(type, segments).data, selection } } as SegmentsEvent;
}

export function publish(segments: readonly SegmentToPublish[], datasource = DS): SegmentsCommand {
  return { type: 'PublishSegments', datasource, segments };
}
