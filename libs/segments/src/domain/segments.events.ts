import { DomainEvent } from '@engine/kernel/domain';

/** A segment as recorded when published; `start`/`end` are ISO instants as in its ID. */
export interface PublishedSegment {
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly version: string;
  readonly partitionNum: number;
  readonly size: number;
}

/**
 * Every event names the datasource and exactly the segments that changed state, so a consumer
 * can tell which segments moved. A bulk change is one event, however many segments it names
 * (events stored by earlier versions may split one change over several of the same kind).
 */
export type SegmentsPublished = DomainEvent<
  'SegmentsPublished',
  { schemaVersion: 1; datasource: string; segments: PublishedSegment[] }
>;

/**
 * Present when the event's segments are exactly the datasource's segments that were in the
 * event's source state (used for SegmentsMarkedUnused, unused otherwise) with
 * startFrom <= start <= startTo, end <= endTo and, if given, a version in `versions`: readers
 * may then apply the event as one ranged update. `segmentIds` stays the authoritative list.
 */
export interface SegmentsSelection {
  readonly startFrom: string;
  readonly startTo: string;
  readonly endTo: string;
  readonly versions?: string[];
}

export interface SegmentsStateChange {
  schemaVersion: 1;
  datasource: string;
  segmentIds: string[];
  selection?: SegmentsSelection;
}

export type SegmentsMarkedUnused = DomainEvent<'SegmentsMarkedUnused', SegmentsStateChange>;
export type SegmentsMarkedUsed = DomainEvent<'SegmentsMarkedUsed', SegmentsStateChange>;
/** Metadata of unused segments deleted for good: they leave every state view, not the history. */
export type UnusedSegmentsKilled = DomainEvent<'UnusedSegmentsKilled', SegmentsStateChange>;

export type SegmentsEvent =
  SegmentsPublished | SegmentsMarkedUnused | SegmentsMarkedUsed | UnusedSegmentsKilled;

export const SEGMENTS_EVENT_TYPES: readonly SegmentsEvent['type'][] = [
  'SegmentsPublished',
  'SegmentsMarkedUnused',
  'SegmentsMarkedUsed',
  'UnusedSegmentsKilled',
];
