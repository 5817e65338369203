import { DomainError } from '@engine/kernel/domain';
import { Granularity } from './granularity.value-object';
import {
  expandTimeRanges,
  MAX_PARTITIONS_PER_COMMAND,
  partitionKeys,
  TimeRangeInput,
} from './time-range.value-object';

const range = (dateGranularity: string, startTime: string, endTime: string): TimeRangeInput => ({
  dateGranularity,
  startTime,
  endTime,
});
const keys = (granularity: Granularity, ...ranges: TimeRangeInput[]) =>
  partitionKeys(granularity, expandTimeRanges(ranges, granularity));
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

describe('time ranges are inclusive at the granularity', () => {
  it("DAY: the seed's ranges are one day and two days", () => {
    expect(keys('DAY', range('DAY', '2025-10-22T00:00:00', '2025-10-22T00:00:00'))).toEqual(['2025-10-22']);
    expect(keys('DAY', range('DAY', '2025-10-20T00:00:00', '2025-10-21T00:00:00'))).toEqual([
      '2025-10-20',
      '2025-10-21',
    ]);
  });

  it('DAY: crosses month, year and leap day', () => {
    expect(keys('DAY', range('DAY', '2024-02-28T00:00:00', '2024-03-01T00:00:00'))).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(keys('DAY', range('DAY', '2025-12-31', '2026-01-01'))).toEqual(['2025-12-31', '2026-01-01']);
  });

  it('DAY: a time inside a day selects that whole day', () => {
    expect(keys('DAY', range('DAY', '2025-10-20T13:45:00', '2025-10-21T00:00:01'))).toEqual([
      '2025-10-20',
      '2025-10-21',
    ]);
  });

  it('WEEK: ISO weeks starting on Monday, keyed by their Monday', () => {
    // 2025-10-22 is a Wednesday; 2025-10-27 a Monday.
    expect(keys('WEEK', range('WEEK', '2025-10-22T00:00:00', '2025-10-22T00:00:00'))).toEqual(['2025-10-20']);
    expect(keys('WEEK', range('WEEK', '2025-10-26T23:59:59', '2025-10-27T00:00:00'))).toEqual([
      '2025-10-20',
      '2025-10-27',
    ]);
    expect(keys('WEEK', range('WEEK', '2025-12-29', '2026-01-04'))).toEqual(['2025-12-29']);
    expect(keys('WEEK', range('WEEK', '1970-01-01', '1970-01-05'))).toEqual(['1969-12-29', '1970-01-05']);
  });

  it('MONTH: every month from start to end', () => {
    expect(keys('MONTH', range('MONTH', '2025-10-01T00:00:00', '2025-10-01T00:00:00'))).toEqual([
      '2025-10-01',
    ]);
    expect(keys('MONTH', range('MONTH', '2025-11-15T00:00:00', '2026-02-01T00:00:00'))).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
  });

  it('QUARTER: quarters start in January, April, July and October', () => {
    expect(keys('QUARTER', range('QUARTER', '2025-02-10', '2025-07-01'))).toEqual([
      '2025-01-01',
      '2025-04-01',
      '2025-07-01',
    ]);
    expect(keys('QUARTER', range('QUARTER', '2025-12-31', '2026-01-01'))).toEqual([
      '2025-10-01',
      '2026-01-01',
    ]);
  });

  it('YEAR: every year from start to end', () => {
    expect(keys('YEAR', range('YEAR', '2023-06-01', '2025-01-01'))).toEqual([
      '2023-01-01',
      '2024-01-01',
      '2025-01-01',
    ]);
  });

  it('overlapping and out-of-order ranges give each partition once, ascending', () => {
    expect(
      keys(
        'DAY',
        range('DAY', '2025-10-22T00:00:00', '2025-10-22T00:00:00'),
        range('DAY', '2025-10-20T00:00:00', '2025-10-21T00:00:00'),
        range('DAY', '2025-10-21T00:00:00', '2025-10-23T00:00:00'),
        range('DAY', '2025-10-20T00:00:00', '2025-10-20T00:00:00'),
      ),
    ).toEqual(['2025-10-20', '2025-10-21', '2025-10-22', '2025-10-23']);
  });

  it('no ranges expand to no partitions', () => {
    expect(keys('DAY')).toEqual([]);
  });

  it('reads zone-less times as UTC and converts offsets', () => {
    expect(keys('DAY', range('DAY', '2025-10-22T00:00:00+08:00', '2025-10-22T00:00:00+08:00'))).toEqual([
      '2025-10-21',
    ]);
  });
});

describe('time range errors', () => {
  it('rejects a granularity other than the plan’s', () => {
    expect(codeOf(() => keys('DAY', range('MONTH', '2025-10-01', '2025-10-01')))).toBe(
      'GRANULARITY_MISMATCH',
    );
  });

  it('rejects an unknown granularity, including lower case', () => {
    expect(codeOf(() => keys('DAY', range('HOUR', '2025-10-01', '2025-10-01')))).toBe('INVALID_GRANULARITY');
    expect(codeOf(() => keys('DAY', range('day', '2025-10-01', '2025-10-01')))).toBe('INVALID_GRANULARITY');
  });

  it('rejects a start after the end', () => {
    expect(codeOf(() => keys('DAY', range('DAY', '2025-10-22', '2025-10-21')))).toBe('INVALID_TIME_RANGE');
  });

  it('accepts a start after the end inside the same partition', () => {
    expect(keys('MONTH', range('MONTH', '2025-10-22', '2025-10-01'))).toEqual(['2025-10-01']);
  });

  it('rejects unparseable times', () => {
    expect(codeOf(() => keys('DAY', range('DAY', '2025-10-22', 'soon')))).toBe('INVALID_TIME');
  });

  it(`caps one request at ${MAX_PARTITIONS_PER_COMMAND} partitions, counted before expansion`, () => {
    expect(codeOf(() => keys('DAY', range('DAY', '1000-01-01', '9999-12-31')))).toBe('TOO_MANY_PARTITIONS');
    expect(keys('YEAR', range('YEAR', '1000-01-01', '9999-12-31'))).toHaveLength(9000);
  });
});
