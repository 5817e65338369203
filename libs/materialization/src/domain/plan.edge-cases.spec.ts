import { decideAll } from '@engine/testing';
import { DomainError } from '@engine/kernel/domain';
import { daysInMonth, utcDayOf } from './civil-date.value-object';
import {
  isGranularity,
  parseGranularity,
  partitionBounds,
  partitionIndexOf,
  partitionStartDay,
} from './granularity.value-object';
import { PlanCommand } from './plan.commands';
import { planDecider } from './plan.decider';
import { PlanEvent } from './plan.events';
import { ExistingPlan, PlanState } from './plan.state';
import { expandTimeRanges } from './time-range.value-object';

const NOW = '2026-01-01T00:00:00.000Z';
const create = (refreshType: 'FULL' | 'INCREMENTAL' = 'INCREMENTAL', planId = 'p1'): PlanCommand => ({
  type: 'CreatePlan',
  planId,
  now: NOW,
  name: 'daily',
  refreshType,
  granularity: 'DAY',
});
const range = (start: string, end = start, dateGranularity = 'DAY') => ({
  dateGranularity,
  startTime: start,
  endTime: end,
});
const backfill = (
  success: ReturnType<typeof range>[],
  failed: ReturnType<typeof range>[] = [],
): PlanCommand => ({
  type: 'RecordBackfill',
  planId: 'p1',
  now: NOW,
  runType: 'MANUAL',
  successTimeRange: success,
  failedTimeRange: failed,
});
const clear = (...timeRange: ReturnType<typeof range>[]): PlanCommand => ({
  type: 'ClearPartitions',
  planId: 'p1',
  now: NOW,
  timeRange,
});
const remove: PlanCommand = { type: 'DeletePlan', planId: 'p1', now: NOW };

function run(commands: PlanCommand[]): { state: PlanState; events: PlanEvent[] } {
  return decideAll(planDecider, commands);
}
const partitionsOf = (commands: PlanCommand[]) =>
  Object.fromEntries((run(commands).state as ExistingPlan).partitions);

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
const refused = (commands: PlanCommand[]) => {
  const error = refusal(() => run(commands));
  return [error.code, error.message, error.details];
};

describe('plan decider: what a refusal tells the client', () => {
  it('names the plan that is missing, deleted or already there', () => {
    expect(refused([backfill([range('2025-10-20')])])).toEqual([
      'PLAN_NOT_FOUND',
      'Materialization plan p1 does not exist',
      { planId: 'p1' },
    ]);
    expect(refused([create(), remove, backfill([range('2025-10-20')])])).toEqual([
      'PLAN_DELETED',
      'Materialization plan p1 was deleted',
      { planId: 'p1' },
    ]);
    expect(refused([create(), remove, create()])).toEqual([
      'PLAN_DELETED',
      'Materialization plan p1 was deleted; its uuid cannot be reused',
      { planId: 'p1' },
    ]);
    expect(refused([create(), create()])).toEqual([
      'PLAN_ALREADY_EXISTS',
      'Materialization plan p1 already exists',
      { planId: 'p1' },
    ]);
  });

  it('says what a plan id and a name must be; a name of 256 characters is fine', () => {
    expect(refused([create('INCREMENTAL', '-bad')])).toEqual([
      'INVALID_PLAN',
      'uuid must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      { planId: '-bad' },
    ]);
    expect(refused([{ ...create(), name: 'a\u0001' } as PlanCommand])).toEqual([
      'INVALID_PLAN',
      'name must be 1-256 printable characters',
      { name: 'a\u0001' },
    ]);
    expect(run([{ ...create(), name: 'n'.repeat(256) } as PlanCommand]).events).toHaveLength(1);
  });

  it('says which ranges are empty or conflicting, listing at most five keys', () => {
    expect(refused([create(), backfill([])])).toEqual([
      'EMPTY_TIME_RANGE',
      'successTimeRange and failedTimeRange are both empty',
      { planId: 'p1' },
    ]);
    expect(refused([create(), clear()])).toEqual([
      'EMPTY_TIME_RANGE',
      'timeRange is required for a partition-incremental plan',
      { planId: 'p1' },
    ]);
    expect(
      refused([create(), backfill([range('2025-10-01', '2025-10-05')], [range('2025-10-01', '2025-10-05')])]),
    ).toEqual([
      'CONFLICTING_RANGES',
      'Partitions both succeeded and failed: 2025-10-01, 2025-10-02, 2025-10-03, 2025-10-04, 2025-10-05',
      { partitions: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05'] },
    ]);
    const [, message, details] = refused([
      create(),
      backfill([range('2025-10-01', '2025-10-25')], [range('2025-10-01', '2025-10-25')]),
    ]);
    expect(message).toBe(
      'Partitions both succeeded and failed: 2025-10-01, 2025-10-02, 2025-10-03, 2025-10-04, 2025-10-05 and 20 more',
    );
    expect((details as { partitions: string[] }).partitions).toHaveLength(20);
  });

  it('accepts a FULL backfill with no range (the whole table)', () => {
    expect(run([create('FULL'), backfill([])]).events.map((e) => e.type)).toEqual([
      'MaterializationPlanCreated',
      'MaterializationPlanRefreshed',
    ]);
  });
});

describe('plan decider: statuses', () => {
  it('records failed days as failed, and a later refresh of a FULL plan makes them materialized', () => {
    const failed = [create('FULL'), backfill([], [range('2025-10-20')])];
    expect(partitionsOf(failed)).toEqual({ '2025-10-20': 'failed' });
    expect(run(failed).state).toMatchObject({ table: 'never' });
    expect(partitionsOf([...failed, backfill([])])).toEqual({ '2025-10-20': 'materialized' });
  });

  it('refreshes a FULL table already materialized only when a day is cleared or failed', () => {
    const refreshed = [create('FULL'), backfill([])];
    const typesAfter = (more: PlanCommand[]) =>
      run([...refreshed, ...more])
        .events.slice(2)
        .map((e) => e.type);
    expect(typesAfter([backfill([])])).toEqual([]);
    expect(typesAfter([backfill([range('2025-10-20')]), clear(range('2025-10-20')), backfill([])])).toEqual([
      'PartitionsBackfilled',
      'PartitionsCleared',
      'MaterializationPlanRefreshed',
    ]);
    expect(typesAfter([backfill([], [range('2025-10-20')]), backfill([])])).toEqual([
      'PartitionsBackfillFailed',
      'MaterializationPlanRefreshed',
    ]);
  });

  it('clears days to cleared and, on a FULL plan, the whole table only when something is materialized', () => {
    const incremental = [create(), backfill([range('2025-10-20', '2025-10-21')]), clear(range('2025-10-20'))];
    expect(partitionsOf(incremental)).toEqual({ '2025-10-20': 'cleared', '2025-10-21': 'materialized' });
    expect(run([create('FULL'), clear()]).events.map((e) => e.type)).toEqual(['MaterializationPlanCreated']);
    const fullWithDay = run([
      create('FULL'),
      backfill([range('2025-10-20')]),
      backfill([], [range('2025-10-19')]),
      clear(),
    ]);
    expect(fullWithDay.events.at(-1)).toMatchObject({
      type: 'MaterializationPlanCleared',
      data: { partitionsCleared: 1 },
    });
    expect(Object.fromEntries((fullWithDay.state as ExistingPlan).partitions)).toEqual({
      '2025-10-19': 'failed',
      '2025-10-20': 'cleared',
    });
  });

  it('throws on a command or an event outside its unions', () => {
    const state = run([create()]).state;
    expect(() => planDecider.decide({ type: 'Bogus' } as never, state)).toThrow('unhandled case');
    expect(() => planDecider.evolve(state, { type: 'Bogus', data: {} } as never)).toThrow('unhandled case');
  });
});

describe('granularities and time ranges', () => {
  it('knows the granularities and names the unknown one', () => {
    expect(isGranularity('WEEK')).toBe(true);
    expect(isGranularity('HOUR')).toBe(false);
    const error = refusal(() => parseGranularity('HOUR'));
    expect([error.code, error.message, error.details]).toEqual([
      'INVALID_GRANULARITY',
      "Unknown date granularity 'HOUR'; use one of DAY, WEEK, MONTH, QUARTER, YEAR",
      { value: 'HOUR' },
    ]);
  });

  it('gives a partition its bounds: first day inclusive, next partition first day exclusive', () => {
    const day = utcDayOf('2025-10-22');
    expect(partitionBounds('MONTH', partitionIndexOf('MONTH', day))).toEqual({
      key: '2025-10-01',
      start: '2025-10-01T00:00:00.000Z',
      end: '2025-11-01T00:00:00.000Z',
    });
    expect(() => partitionIndexOf('HOUR' as never, day)).toThrow('unhandled case');
    expect(() => partitionStartDay('HOUR' as never, 1)).toThrow('unhandled case');
  });

  it('knows December has 31 days', () => {
    expect(daysInMonth(2025, 12)).toBe(31);
  });

  it('names a range that runs backwards, has the wrong granularity or covers too much', () => {
    const backwards = refusal(() => expandTimeRanges([range('2025-10-22', '2025-10-21')], 'DAY'));
    expect([backwards.code, backwards.message, backwards.details]).toEqual([
      'INVALID_TIME_RANGE',
      "startTime '2025-10-22' is after endTime '2025-10-21'",
      { startTime: '2025-10-22', endTime: '2025-10-21' },
    ]);
    const mismatch = refusal(() => expandTimeRanges([range('2025-10-22', '2025-10-22', 'MONTH')], 'DAY'));
    expect([mismatch.code, mismatch.message, mismatch.details]).toEqual([
      'GRANULARITY_MISMATCH',
      'timeRange[0] has granularity MONTH but the plan is partitioned by DAY',
      { index: 0, granularity: 'MONTH', planGranularity: 'DAY' },
    ]);
    // 2000-01-01 + 49,999 days = 2136-11-22: exactly 50,000 days is allowed, one more is not.
    expect(expandTimeRanges([range('2000-01-01', '2136-11-22')], 'DAY')).toHaveLength(50_000);
    const tooMany = refusal(() => expandTimeRanges([range('2000-01-01', '2136-11-23')], 'DAY'));
    expect([tooMany.code, tooMany.message, tooMany.details]).toEqual([
      'TOO_MANY_PARTITIONS',
      'The time ranges cover 50001 partitions; at most 50000 per request',
      { requested: 50001, limit: 50000 },
    ]);
  });
});

describe('utcDayOf', () => {
  const day = (text: string) => new Date(utcDayOf(text) * 86_400_000).toISOString().slice(0, 10);

  it.each([
    ['2025-10-22T23:59:59', '2025-10-22'],
    ['2025-10-22T23:30:00-00:31', '2025-10-23'],
    ['2025-10-22T00:30:00+00:31', '2025-10-21'],
    ['2025-10-22T00:00:00+18:59', '2025-10-21'],
    ['2025-12-31', '2025-12-31'],
    ['9999-12-31', '9999-12-31'],
    ['1000-01-01', '1000-01-01'],
  ])('reads %s on %s', (text, expected) => {
    expect(day(text)).toBe(expected);
  });

  it.each([
    ['2025-10-22X', 'expected ISO-8601, e.g. 2025-10-22T00:00:00'],
    ['2025-13-01', 'no such calendar date'],
    ['2025-02-29', 'no such calendar date'],
    ['2025-10-22T24:00:00', 'no such time of day'],
    ['2025-10-22T00:60:00', 'no such time of day'],
    ['2025-10-22T00:00:60', 'no such time of day'],
    ['2025-10-22T00:00:00+19:00', 'invalid UTC offset'],
    ['2025-10-22T00:00:00+00:60', 'invalid UTC offset'],
    ['0999-12-31', 'years 1000 to 9999 only'],
    ['9999-12-31T23:00:00-01:00', 'years 1000 to 9999 only'],
  ])('refuses %s: %s', (text, why) => {
    const error = refusal(() => utcDayOf(text));
    expect([error.code, error.message, error.details]).toEqual([
      'INVALID_TIME',
      `Invalid time '${text}': ${why}`,
      { value: text },
    ]);
  });
});

describe('plan decider: more status rules', () => {
  it('accepts an incremental backfill that only failed', () => {
    expect(partitionsOf([create(), backfill([], [range('2025-10-20')])])).toEqual({ '2025-10-20': 'failed' });
  });

  it('clears a FULL table refreshed with no day, and one whose day was materialized without a refresh', () => {
    expect(run([create('FULL'), backfill([]), clear()]).events.at(-1)).toMatchObject({
      type: 'MaterializationPlanCleared',
      data: { partitionsCleared: 0 },
    });
    const unrefreshed = run([
      create('FULL'),
      backfill([range('2025-10-20')], [range('2025-10-19')]),
      clear(),
    ]);
    expect(unrefreshed.events.at(-1)).toMatchObject({
      type: 'MaterializationPlanCleared',
      data: { partitionsCleared: 1 },
    });
  });

  it('refreshes cleared days back to materialized, and does not refresh for a plain new day', () => {
    const refreshed = [create('FULL'), backfill([range('2025-10-20')])];
    expect(
      partitionsOf([...refreshed, backfill([range('2025-10-21')]), clear(range('2025-10-20')), backfill([])]),
    ).toEqual({ '2025-10-20': 'materialized', '2025-10-21': 'materialized' });
    expect(
      run([...refreshed, backfill([range('2025-10-21')])])
        .events.slice(3)
        .map((e) => e.type),
    ).toEqual(['PartitionsBackfilled']);
  });

  it('refuses month 00 and day 00', () => {
    for (const text of ['2025-00-10', '2025-10-00'])
      expect(refusal(() => utcDayOf(text)).message).toBe(`Invalid time '${text}': no such calendar date`);
  });
});
