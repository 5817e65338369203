import { IsArray, IsOptional, IsString } from 'class-validator';
import { Interval, parseInterval, SegmentSelector } from '../domain';
import { DruidInvalidInputError, DruidPlainTextError, INVALID_PAYLOAD_MESSAGE } from './druid.errors';
import { validateBody } from './body.validator';

/** Body of Druid's markUsed / markUnused (Druid's SegmentsToUpdateFilter); unknown fields are ignored. */
export class SegmentsToUpdateDto {
  @IsOptional()
  @IsString()
  interval?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  segmentIds?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  versions?: string[];
}

/**
 * Druid's rule: (segmentIds non-empty, no interval, no versions) or (interval, no segmentIds);
 * anything else, including a missing or mistyped body, is the plain-text invalid-payload 400.
 */
export function toSegmentSelector(body: unknown): SegmentSelector {
  const dto = validateBody(SegmentsToUpdateDto, body);
  if (Array.isArray(dto)) throw new DruidPlainTextError(INVALID_PAYLOAD_MESSAGE);
  // Jackson reads a JSON null as an absent field; @IsOptional lets null through, so map it here.
  const interval = dto.interval ?? undefined;
  const segmentIds = dto.segmentIds ?? undefined;
  const versions = dto.versions ?? undefined;
  const hasIds = (segmentIds?.length ?? 0) > 0;
  if (interval === undefined) {
    if (!hasIds || (versions?.length ?? 0) > 0) throw new DruidPlainTextError(INVALID_PAYLOAD_MESSAGE);
    return { kind: 'ids', segmentIds: segmentIds ?? [] };
  }
  if (hasIds) throw new DruidPlainTextError(INVALID_PAYLOAD_MESSAGE);
  return { kind: 'interval', interval: druidInterval(interval), versions };
}

/** `start/end`, or `start_end` as in Druid's interval path segments. */
export function intervalParam(text: string): Interval | undefined {
  return parseInterval(text.includes('/') ? text : text.replace('_', '/'));
}

export function druidInterval(text: string): Interval {
  const interval = intervalParam(text);
  if (!interval) {
    throw new DruidInvalidInputError(
      `Invalid interval[${text}]: expected ISO-8601 'start/end' with start before end`,
    );
  }
  return interval;
}
