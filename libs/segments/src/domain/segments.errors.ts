import { DomainError } from '@engine/kernel/domain';

export type SegmentsErrorCode =
  'INVALID_SEGMENT' | 'INVALID_SEGMENT_ID' | 'UNPARSEABLE_SEGMENT_IDS' | 'UNKNOWN_SEGMENT_IDS';

export class SegmentsError extends DomainError<SegmentsErrorCode> {}

/** Java's List/Set toString, which Druid's messages embed: `[a, b]`. */
export function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
