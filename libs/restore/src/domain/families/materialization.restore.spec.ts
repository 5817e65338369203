import { PlanCommand } from '@engine/materialization/domain';
import { planRestore } from '../restore.planner';
import { materializationRestore } from './materialization.restore';
import { commandTypes, history, reasons } from './restore.fixtures';

const NOW = '2026-01-01T00:00:00.000Z';
const create: PlanCommand = {
  type: 'CreatePlan',
  planId: 'p1',
  now: NOW,
  name: 'daily',
  refreshType: 'INCREMENTAL',
  granularity: 'DAY',
};
const range = (start: string, end = start) => [{ dateGranularity: 'DAY', startTime: start, endTime: end }];
const backfill = (start: string, end = start): PlanCommand => ({
  type: 'RecordBackfill',
  planId: 'p1',
  now: NOW,
  runType: 'MANUAL',
  successTimeRange: range(start, end),
  failedTimeRange: [],
});
const clear = (start: string, end = start): PlanCommand => ({
  type: 'ClearPartitions',
  planId: 'p1',
  now: NOW,
  timeRange: range(start, end),
});
const plan = (before: PlanCommand[], since: PlanCommand[]) => {
  const asOf = history(materializationRestore, before).state;
  const current = history(materializationRestore, [...before, ...since]).state;
  return planRestore(materializationRestore, { asOf, current, id: 'p1', now: NOW });
};

describe('CAN restore', () => {
  it('given days cleared by mistake, then they need a backfill of data and no command is faked', () => {
    const p = plan([create, backfill('2025-10-20', '2025-10-22')], [clear('2025-10-21', '2025-10-22')]);
    expect(p.steps).toEqual([]);
    expect(reasons(p)).toEqual([
      ['2025-10-21', 'NEEDS_BACKFILL'],
      ['2025-10-22', 'NEEDS_BACKFILL'],
    ]);
  });

  it('given a cleared day backfilled again since, then it is cleared again', () => {
    const p = plan([create, backfill('2025-10-20'), clear('2025-10-20')], [backfill('2025-10-20')]);
    expect(commandTypes(p)).toEqual(['ClearPartitions']);
    expect(p.notRestorable).toEqual([]);
  });

  it('given the plan deleted since, then every difference is reported and nothing is commanded', () => {
    const p = plan(
      [create, backfill('2025-10-20')],
      [clear('2025-10-20'), { type: 'DeletePlan', planId: 'p1', now: NOW }],
    );
    expect(p.steps).toEqual([]);
    expect(reasons(p)).toEqual([
      ['2025-10-20', 'AGGREGATE_DELETED'],
      ['@plan', 'AGGREGATE_DELETED'],
    ]);
  });
});
