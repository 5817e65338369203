import type { Granularity } from './granularity.value-object';
import type { RefreshType } from './plan.state';
import type { TimeRangeInput } from './time-range.value-object';

/** Every command names its plan and carries the request time (`now`, ISO-8601 UTC). */
interface PlanCommandBase {
  readonly planId: string;
  readonly now: string;
}

export interface CreatePlan extends PlanCommandBase {
  readonly type: 'CreatePlan';
  readonly name: string;
  readonly refreshType: RefreshType;
  readonly granularity: Granularity;
}

/** A backfill run's report: successful ranges become hit-able, failed ones are marked failed. */
export interface RecordBackfill extends PlanCommandBase {
  readonly type: 'RecordBackfill';
  readonly runType: string;
  readonly successTimeRange: readonly TimeRangeInput[];
  readonly failedTimeRange: readonly TimeRangeInput[];
}

/** CAN clearPartition: the ranges stop being hit-able; empty on a FULL plan means the whole table. */
export interface ClearPartitions extends PlanCommandBase {
  readonly type: 'ClearPartitions';
  readonly timeRange: readonly TimeRangeInput[];
}

export interface DeletePlan extends PlanCommandBase {
  readonly type: 'DeletePlan';
}

export type PlanCommand = CreatePlan | RecordBackfill | ClearPartitions | DeletePlan;
