import type { SegmentsErrorCode } from '../domain';

/** Native API statuses: every segments refusal is a client mistake (bad segment, bad IDs). */
export const SEGMENTS_NATIVE_ERROR_STATUSES: Readonly<Record<SegmentsErrorCode, number>> = {
  INVALID_SEGMENT: 400,
  INVALID_SEGMENT_ID: 400,
  UNPARSEABLE_SEGMENT_IDS: 400,
  UNKNOWN_SEGMENT_IDS: 400,
};
