import { Interval } from './interval.value-object';

/** A segment to publish, already split into its parts (the ID is derived from them). */
export interface SegmentToPublish {
  readonly start: number;
  readonly end: number;
  readonly version: string;
  readonly partitionNum: number;
  readonly size: number;
}

/** Which segments a group call addresses: raw IDs as sent, or an interval with optional versions. */
export type SegmentSelector =
  | { readonly kind: 'ids'; readonly segmentIds: readonly string[] }
  | { readonly kind: 'interval'; readonly interval: Interval; readonly versions?: readonly string[] };

interface On<Type extends string> {
  readonly type: Type;
  readonly datasource: string;
}

export type PublishSegments = On<'PublishSegments'> & { readonly segments: readonly SegmentToPublish[] };
export type MarkSegmentUnused = On<'MarkSegmentUnused'> & { readonly segmentId: string };
/** Single-segment revive: no overshadow check (as Druid's `POST .../segments/{id}`). */
export type MarkSegmentUsed = On<'MarkSegmentUsed'> & { readonly segmentId: string };
export type MarkSegmentsUnused = On<'MarkSegmentsUnused'> & { readonly selector: SegmentSelector };
export type MarkSegmentsUsed = On<'MarkSegmentsUsed'> & { readonly selector: SegmentSelector };
export type MarkAllSegmentsUnused = On<'MarkAllSegmentsUnused'>;
export type MarkAllSegmentsUsed = On<'MarkAllSegmentsUsed'>;
export type KillUnusedSegments = On<'KillUnusedSegments'> & { readonly interval: Interval };

export type SegmentsCommand =
  | PublishSegments
  | MarkSegmentUnused
  | MarkSegmentUsed
  | MarkSegmentsUnused
  | MarkSegmentsUsed
  | MarkAllSegmentsUnused
  | MarkAllSegmentsUsed
  | KillUnusedSegments;
