import { PlanCommand } from '@engine/materialization/domain';
import { planRestore } from '../restore.planner';
import { materializationRestore } from './materialization.restore';
import { history, reasons } from './restore.fixtures';

const NOW = '2026-01-01T00:00:00.000Z';
const createPlan = (refreshType: 'FULL' | 'INCREMENTAL' = 'INCREMENTAL'): PlanCommand => ({
  type: 'CreatePlan',
  planId: 'p1',
  now: NOW,
  name: 'daily',
  refreshType,
  granularity: 'DAY',
});
const range = (start: string, end = start) => [{ dateGranularity: 'DAY', startTime: start, endTime: end }];
const backfill = (start: string, end = start, failed = false): PlanCommand => ({
  type: 'RecordBackfill',
  planId: 'p1',
  now: NOW,
  runType: 'MANUAL',
  successTimeRange: failed ? [] : range(start, end),
  failedTimeRange: failed ? range(start, end) : [],
});
const clear = (start?: string): PlanCommand => ({
  type: 'ClearPartitions',
  planId: 'p1',
  now: NOW,
  timeRange: start === undefined ? [] : range(start),
});
const plan = (before: PlanCommand[], since: PlanCommand[], now?: string) => {
  const asOf = history(materializationRestore, before).state;
  const current = history(materializationRestore, [...before, ...since]).state;
  return planRestore(materializationRestore, { asOf, current, id: 'p1', now });
};
const messageOf = (p: ReturnType<typeof plan>, subject: string) =>
  p.notRestorable.find((n) => n.subject === subject)?.message;

describe('CAN restore: edge cases', () => {
  it('given a plan created after the point, then it is kept and reported as a plan', () => {
    const p = plan([], [createPlan()]);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable).toContainEqual({
      kind: 'plan',
      subject: '@plan',
      current: 'active',
      reason: 'CREATED_AFTER_POINT',
      message: 'The plan was created after the point; a restore does not delete it',
    });
    expect(p.notRestorable.find((n) => n.subject === '@table')).toMatchObject({
      kind: 'plan-table',
      reason: 'NO_METADATA_COMMAND',
      message:
        'The whole-table status moves only with a full refresh or a whole-table clear (which would also clear days the restore keeps); use clearPartition with no range if intended',
    });
  });

  it('given a whole FULL table cleared since the point, then it needs a full refresh', () => {
    const p = plan([createPlan('FULL'), backfill('2025-10-20')], [clear()]);
    expect(p.notRestorable.find((n) => n.subject === '@table')).toEqual({
      kind: 'plan-table',
      subject: '@table',
      current: 'cleared',
      restoredTo: 'materialized',
      reason: 'NEEDS_BACKFILL',
      message:
        'The whole table was materialized at the point: only a full refresh (a backfill run) brings it back',
    });
    expect(messageOf(p, '2025-10-20')).toBe(
      'Materialized at the point, not now: its data must be backfilled (a backfill run), not its metadata',
    );
  });

  it('given a day materialized after the point, then it is cleared, and reported as it cannot become "never" again', () => {
    const p = plan([createPlan()], [backfill('2025-10-20')], NOW);
    expect(p.steps).toEqual([
      {
        command: {
          type: 'ClearPartitions',
          planId: 'p1',
          now: NOW,
          timeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-20', endTime: '2025-10-20' }],
        },
        undoes: [{ kind: 'plan-partition', subject: '2025-10-20', current: 'materialized' }],
      },
    ]);
    expect(reasons(p)).toEqual([['2025-10-20', 'NO_METADATA_COMMAND']]);
    expect(messageOf(p, '2025-10-20')).toBe(
      'Materialized after the point: the restore clears it, but a day cannot go back to never materialized',
    );
    const failedThen = plan(
      [createPlan(), backfill('2025-10-20', '2025-10-20', true)],
      [backfill('2025-10-20')],
    );
    expect(messageOf(failedThen, '2025-10-20')).toBe(
      'Materialized after the point: the restore clears it, but a day cannot go back to failed',
    );
  });

  it('given a day that failed since the point, then only a backfill run changes it', () => {
    const never = plan([createPlan()], [backfill('2025-10-20', '2025-10-20', true)]);
    expect(never.steps).toEqual([]);
    expect(reasons(never)).toEqual([['2025-10-20', 'NO_METADATA_COMMAND']]);
    expect(messageOf(never, '2025-10-20')).toBe(
      'Not hit-able either way (failed now, never then): only a backfill run changes it',
    );
    const cleared = plan(
      [createPlan(), backfill('2025-10-21'), clear('2025-10-21')],
      [backfill('2025-10-21', '2025-10-21', true)],
    );
    expect(messageOf(cleared, '2025-10-21')).toBe(
      'Not hit-able either way (failed now, cleared then): only a backfill run changes it',
    );
    const gone = plan([createPlan(), backfill('2025-10-22', '2025-10-22', true)], [], NOW);
    expect(gone.notRestorable).toEqual([]);
  });

  it('says why a deleted plan cannot be changed', () => {
    const p = plan([createPlan(), backfill('2025-10-20')], [{ type: 'DeletePlan', planId: 'p1', now: NOW }]);
    expect(messageOf(p, '@plan')).toBe(
      'The plan was deleted since the point; a deleted plan cannot be changed or recreated under its uuid',
    );
  });

  it('clears every day materialized after the point in one command under the per-command limit', () => {
    const p = plan([createPlan()], [backfill('2025-10-01', '2025-10-03')]);
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0].command).toMatchObject({
      now: '1970-01-01T00:00:00.000Z',
      timeRange: ['2025-10-01', '2025-10-02', '2025-10-03'].map((d) => ({ startTime: d, endTime: d })),
    });
  });
});

describe('CAN restore: many days', () => {
  it('clears at most 50,000 days per command', () => {
    const p = plan([createPlan()], [backfill('1900-01-01', '2036-11-22'), backfill('2036-11-23')]);
    expect(p.steps.map((s) => (s.command as { timeRange?: unknown[] }).timeRange?.length)).toEqual([
      50_000, 1,
    ]);
  });
});
