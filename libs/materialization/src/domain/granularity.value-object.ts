import { assertNever } from '@engine/kernel/domain';
import { civilFromDays, daysFromCivil, formatDay } from './civil-date.value-object';
import { planError } from './plan.errors';

export const GRANULARITIES = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export function isGranularity(value: unknown): value is Granularity {
  return typeof value === 'string' && (GRANULARITIES as readonly string[]).includes(value);
}

export function parseGranularity(value: string): Granularity {
  if (!isGranularity(value)) {
    throw planError(
      'INVALID_GRANULARITY',
      `Unknown date granularity '${value}'; use one of ${GRANULARITIES.join(', ')}`,
      {
        value,
      },
    );
  }
  return value;
}

/*
 * Partitions are numbered per granularity so a range expands by counting. 1970-01-01 was a
 * Thursday, so ISO weeks (Monday first) start at day 7k - 3.
 */

/** Index of the partition that contains a UTC day. */
export function partitionIndexOf(granularity: Granularity, day: number): number {
  switch (granularity) {
    case 'DAY':
      return day;
    case 'WEEK':
      return Math.floor((day + 3) / 7);
    case 'MONTH': {
      const { year, month } = civilFromDays(day);
      return year * 12 + month - 1;
    }
    case 'QUARTER': {
      const { year, month } = civilFromDays(day);
      return year * 4 + Math.floor((month - 1) / 3);
    }
    case 'YEAR':
      return civilFromDays(day).year;
    default:
      return assertNever(granularity);
  }
}

/** First UTC day of a partition. */
export function partitionStartDay(granularity: Granularity, index: number): number {
  switch (granularity) {
    case 'DAY':
      return index;
    case 'WEEK':
      return index * 7 - 3;
    case 'MONTH':
      return daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
    case 'QUARTER':
      return daysFromCivil(Math.floor(index / 4), (index % 4) * 3 + 1, 1);
    case 'YEAR':
      return daysFromCivil(index, 1, 1);
    default:
      return assertNever(granularity);
  }
}

/**
 * A partition's key is its first day, `YYYY-MM-DD` (a WEEK starts on Monday, a MONTH on the
 * 1st): one sortable format for every granularity.
 */
export function partitionKey(granularity: Granularity, index: number): string {
  return formatDay(partitionStartDay(granularity, index));
}

export interface PartitionBounds {
  readonly key: string;
  /** Inclusive, UTC. */
  readonly start: string;
  /** Exclusive, UTC. */
  readonly end: string;
}

export function partitionBounds(granularity: Granularity, index: number): PartitionBounds {
  const start = formatDay(partitionStartDay(granularity, index));
  return {
    key: start,
    start: `${start}T00:00:00.000Z`,
    end: `${formatDay(partitionStartDay(granularity, index + 1))}T00:00:00.000Z`,
  };
}
