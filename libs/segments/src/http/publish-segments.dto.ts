import { RequestValidationError } from '@engine/kernel';
import { ArrayMaxSize, ArrayNotEmpty, IsArray } from 'class-validator';
import { MAX_PARTITION_NUM, parseInterval, SegmentToPublish } from '../domain';

export const MAX_SEGMENTS_PER_REQUEST = 100_000;

/**
 * Body of `POST /engine/v1/datasources/{ds}/segments`:
 * `{"segments":[{"interval":"<start>/<end>","version":"...","partitionNum":0,"size":123}]}`.
 * The envelope is a class-validator DTO; the entries are checked by hand in toSegmentsToPublish
 * because nested DTOs cost ~35 µs per entry, which dominated a 20,000-segment publish.
 */
export class PublishSegmentsDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_SEGMENTS_PER_REQUEST)
  segments!: unknown[];
}

/** Turns the entries into domain segments; names every invalid field (first 20). */
export function toSegmentsToPublish(dto: PublishSegmentsDto): SegmentToPublish[] {
  const problems: string[] = [];
  const segments = dto.segments.map((entry, i): SegmentToPublish => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const at = `segments[${i}]`;
    const interval = typeof e.interval === 'string' ? parseInterval(e.interval) : undefined;
    if (!interval) problems.push(`${at}.interval must be 'start/end' ISO-8601 with start before end`);
    if (typeof e.version !== 'string' || e.version === '')
      problems.push(`${at}.version must be a non-empty string`);
    const partitionNum = e.partitionNum ?? 0;
    if (
      !Number.isInteger(partitionNum) ||
      (partitionNum as number) < 0 ||
      (partitionNum as number) > MAX_PARTITION_NUM
    ) {
      problems.push(`${at}.partitionNum must be an integer from 0 to ${MAX_PARTITION_NUM}`);
    }
    if (!Number.isSafeInteger(e.size) || (e.size as number) < 0)
      problems.push(`${at}.size must be a non-negative integer`);
    return {
      start: interval?.start ?? 0,
      end: interval?.end ?? 0,
      version: String(e.version),
      partitionNum: partitionNum as number,
      size: e.size as number,
    };
  });
  if (problems.length > 0) throw new RequestValidationError(problems.slice(0, 20));
  return segments;
}
