import { assertNever, Decider } from '@engine/kernel/domain';
import type { ClearPartitions, CreatePlan, PlanCommand, RecordBackfill } from './plan.commands';
import { planError } from './plan.errors';
import { PlanEvent } from './plan.events';
import { ExistingPlan, initialPlanState, PartitionStatus, PlanState } from './plan.state';
import { expandTimeRanges, partitionKeys, TimeRangeInput } from './time-range.value-object';

/** CAN plan uuids and our generated UUIDs both fit; keeps stream names short and printable. */
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_NAME_LENGTH = 256;

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan':
      return createPlan(command, state);
    case 'RecordBackfill':
      return recordBackfill(command, activePlan(command.planId, state));
    case 'ClearPartitions':
      return clearPartitions(command, activePlan(command.planId, state));
    case 'DeletePlan':
      // Deleting twice is a no-op, so a retried DELETE does not fail.
      if (state.status === 'deleted') return [];
      activePlan(command.planId, state);
      return [{ type: 'MaterializationPlanDeleted', data: { planId: command.planId, at: command.now } }];
    default:
      return assertNever(command);
  }
}

function createPlan(command: CreatePlan, state: PlanState): PlanEvent[] {
  if (state.status === 'deleted') {
    throw planError(
      'PLAN_DELETED',
      `Materialization plan ${command.planId} was deleted; its uuid cannot be reused`,
      {
        planId: command.planId,
      },
    );
  }
  if (state.status === 'active') {
    throw planError('PLAN_ALREADY_EXISTS', `Materialization plan ${command.planId} already exists`, {
      planId: command.planId,
    });
  }
  if (!PLAN_ID.test(command.planId)) {
    throw planError(
      'INVALID_PLAN',
      'uuid must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      {
        planId: command.planId,
      },
    );
  }
  const name = command.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || hasControlCharacter(name)) {
    throw planError('INVALID_PLAN', `name must be 1-${MAX_NAME_LENGTH} printable characters`, {
      name: command.name,
    });
  }
  const { planId, refreshType, granularity, now } = command;
  return [
    { type: 'MaterializationPlanCreated', data: { planId, name, refreshType, granularity, createdAt: now } },
  ];
}

function recordBackfill(command: RecordBackfill, plan: ExistingPlan): PlanEvent[] {
  const { planId, runType, now: at } = command;
  const full = plan.refreshType === 'FULL';
  if (!full && command.successTimeRange.length === 0 && command.failedTimeRange.length === 0) {
    throw planError('EMPTY_TIME_RANGE', 'successTimeRange and failedTimeRange are both empty', { planId });
  }
  const succeeded = keysOf(plan, command.successTimeRange);
  const failed = keysOf(plan, command.failedTimeRange);
  const succeededKeys = new Set(succeeded);
  const conflicting = failed.filter((key) => succeededKeys.has(key));
  if (conflicting.length > 0) {
    throw planError('CONFLICTING_RANGES', `Partitions both succeeded and failed: ${preview(conflicting)}`, {
      partitions: conflicting.slice(0, 20),
    });
  }
  // A re-backfill of a materialized partition is still recorded: it is a new write of its data.
  const events: PlanEvent[] = [];
  if (succeeded.length > 0)
    events.push({ type: 'PartitionsBackfilled', data: { planId, runType, partitions: succeeded, at } });
  if (failed.length > 0)
    events.push({ type: 'PartitionsBackfillFailed', data: { planId, runType, partitions: failed, at } });
  if (full && failed.length === 0 && (plan.table !== 'materialized' || hasAny(plan, 'cleared', 'failed'))) {
    events.push({ type: 'MaterializationPlanRefreshed', data: { planId, runType, at } });
  }
  return events;
}

function clearPartitions(command: ClearPartitions, plan: ExistingPlan): PlanEvent[] {
  const { planId, now: at } = command;
  if (command.timeRange.length === 0) {
    if (plan.refreshType !== 'FULL') {
      throw planError('EMPTY_TIME_RANGE', 'timeRange is required for a partition-incremental plan', {
        planId,
      });
    }
    const materialized = countOf(plan, 'materialized');
    if (plan.table !== 'materialized' && materialized === 0) return [];
    return [{ type: 'MaterializationPlanCleared', data: { planId, partitionsCleared: materialized, at } }];
  }
  // Clearing what is not materialized changes nothing, so it yields no event rather than an error.
  const cleared = keysOf(plan, command.timeRange).filter(
    (key) => plan.partitions.get(key) === 'materialized',
  );
  return cleared.length === 0
    ? []
    : [{ type: 'PartitionsCleared', data: { planId, partitions: cleared, at } }];
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'MaterializationPlanCreated') {
    const { planId, name, refreshType, granularity, createdAt } = event.data;
    return {
      status: 'active',
      planId,
      name,
      refreshType,
      granularity,
      createdAt,
      table: 'never',
      partitions: new Map(),
    };
  }
  if (state.status === 'absent') throw new Error(`${event.type} before MaterializationPlanCreated`);
  switch (event.type) {
    case 'PartitionsBackfilled':
      return setAll(state, event.data.partitions, 'materialized');
    case 'PartitionsBackfillFailed':
      return setAll(state, event.data.partitions, 'failed');
    case 'PartitionsCleared':
      return setAll(state, event.data.partitions, 'cleared');
    case 'MaterializationPlanCleared':
      state.table = 'cleared';
      return replaceStatus(state, ['materialized'], 'cleared');
    case 'MaterializationPlanRefreshed':
      state.table = 'materialized';
      return replaceStatus(state, ['cleared', 'failed'], 'materialized');
    case 'MaterializationPlanDeleted':
      state.status = 'deleted';
      return state;
    default:
      return assertNever(event);
  }
}

export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = {
  initialState: initialPlanState,
  decide: decidePlan,
  evolve: evolvePlan,
};

function activePlan(planId: string, state: PlanState): ExistingPlan {
  if (state.status === 'absent') {
    throw planError('PLAN_NOT_FOUND', `Materialization plan ${planId} does not exist`, { planId });
  }
  if (state.status === 'deleted') {
    throw planError('PLAN_DELETED', `Materialization plan ${planId} was deleted`, { planId });
  }
  return state;
}

function keysOf(plan: ExistingPlan, ranges: readonly TimeRangeInput[]): string[] {
  return partitionKeys(plan.granularity, expandTimeRanges(ranges, plan.granularity));
}

function setAll(plan: ExistingPlan, keys: readonly string[], status: PartitionStatus): ExistingPlan {
  for (const key of keys) plan.partitions.set(key, status);
  return plan;
}

function replaceStatus(
  plan: ExistingPlan,
  from: readonly PartitionStatus[],
  to: PartitionStatus,
): ExistingPlan {
  for (const [key, status] of plan.partitions) if (from.includes(status)) plan.partitions.set(key, to);
  return plan;
}

function countOf(plan: ExistingPlan, status: PartitionStatus): number {
  let n = 0;
  for (const s of plan.partitions.values()) if (s === status) n++;
  return n;
}

function hasAny(plan: ExistingPlan, ...statuses: PartitionStatus[]): boolean {
  for (const s of plan.partitions.values()) if (statuses.includes(s)) return true;
  return false;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

function preview(keys: string[]): string {
  return keys.length <= 5 ? keys.join(', ') : `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`;
}
