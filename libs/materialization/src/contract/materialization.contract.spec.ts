import { PlanCommand, planDecider } from '../domain';
import { decideAll, expectDecidedEventsMatch } from '../../../../test/audit/support/event-contract';
import { MATERIALIZATION_EVENT_SCHEMAS } from './materialization.schemas';

/**
 * The schemas against real events: this family's own decider runs a short lifecycle that emits
 * every event type, and every event it returns must match its type's JSON Schema. Adding an event
 * type: emit it here too (the spec fails until every type is covered).
 */

const NOW = '2026-01-02T03:04:05.000Z';

describe('matplan events decided by the domain match the published JSON Schemas', () => {
  it('given a lifecycle emitting every event type, each event matches its schema', () => {
    const day = (startTime: string, endTime = startTime) => ({ dateGranularity: 'DAY', startTime, endTime });
    const base = { now: NOW, planId: 'p1' };
    const incremental = decideAll(planDecider, [
      { ...base, type: 'CreatePlan', name: 'orders', refreshType: 'INCREMENTAL', granularity: 'DAY' },
      {
        ...base,
        type: 'RecordBackfill',
        runType: 'MANUAL',
        successTimeRange: [day('2025-10-01', '2025-10-02')],
        failedTimeRange: [day('2025-10-03')],
      },
      { ...base, type: 'ClearPartitions', timeRange: [day('2025-10-01')] },
      { ...base, type: 'DeletePlan' },
    ] satisfies PlanCommand[]);
    const full = { now: NOW, planId: 'p2' };
    const fullPlan = decideAll(planDecider, [
      { ...full, type: 'CreatePlan', name: 'totals', refreshType: 'FULL', granularity: 'DAY' },
      {
        ...full,
        type: 'RecordBackfill',
        runType: 'SCHEDULED',
        successTimeRange: [day('2025-10-01')],
        failedTimeRange: [],
      },
      { ...full, type: 'ClearPartitions', timeRange: [] },
    ] satisfies PlanCommand[]);
    expectDecidedEventsMatch(MATERIALIZATION_EVENT_SCHEMAS, [...incremental.events, ...fullPlan.events]);
  });
});
