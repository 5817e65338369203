import { utcDayOf } from './civil-date.value-object';
import { Granularity, parseGranularity, partitionIndexOf, partitionKey } from './granularity.value-object';
import { planError } from './plan.errors';

/** A `timeRange` item as CAN sends it. */
export interface TimeRangeInput {
  readonly dateGranularity: string;
  readonly startTime: string;
  readonly endTime: string;
}

/** Bounds the work (and event size) one command can ask for: 50,000 days is ~137 years. */
export const MAX_PARTITIONS_PER_COMMAND = 50_000;

/** Inclusive partition index span. */
export interface PartitionSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * Both ends are inclusive at the granularity and any time inside a partition selects that
 * partition: DAY 2025-10-20..2025-10-21 is two days, MONTH 2025-01-15..2025-02-01 two months.
 */
export function partitionSpan(granularity: Granularity, startTime: string, endTime: string): PartitionSpan {
  const first = partitionIndexOf(granularity, utcDayOf(startTime));
  const last = partitionIndexOf(granularity, utcDayOf(endTime));
  if (first > last) {
    throw planError('INVALID_TIME_RANGE', `startTime '${startTime}' is after endTime '${endTime}'`, {
      startTime,
      endTime,
    });
  }
  return { first, last };
}

/**
 * The distinct partitions covered by several ranges of the plan's granularity, ascending.
 * Ranges may overlap and come in any order.
 */
export function expandTimeRanges(ranges: readonly TimeRangeInput[], planGranularity: Granularity): number[] {
  const spans = ranges.map((range, i) => {
    const granularity = parseGranularity(range.dateGranularity);
    if (granularity !== planGranularity) {
      throw planError(
        'GRANULARITY_MISMATCH',
        `timeRange[${i}] has granularity ${granularity} but the plan is partitioned by ${planGranularity}`,
        { index: i, granularity, planGranularity },
      );
    }
    return partitionSpan(granularity, range.startTime, range.endTime);
  });
  const requested = spans.reduce((n, s) => n + s.last - s.first + 1, 0);
  if (requested > MAX_PARTITIONS_PER_COMMAND) {
    throw planError(
      'TOO_MANY_PARTITIONS',
      `The time ranges cover ${requested} partitions; at most ${MAX_PARTITIONS_PER_COMMAND} per request`,
      { requested, limit: MAX_PARTITIONS_PER_COMMAND },
    );
  }
  return mergeSpans(spans);
}

function mergeSpans(spans: PartitionSpan[]): number[] {
  const sorted = [...spans].sort((a, b) => a.first - b.first);
  const indices: number[] = [];
  let next = -Infinity;
  for (const { first, last } of sorted) {
    for (let i = Math.max(first, next); i <= last; i++) indices.push(i);
    next = Math.max(next, last + 1);
  }
  return indices;
}

export function partitionKeys(granularity: Granularity, indices: readonly number[]): string[] {
  return indices.map((i) => partitionKey(granularity, i));
}
