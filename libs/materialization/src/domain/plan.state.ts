import type { Granularity } from './granularity.value-object';

export const REFRESH_TYPES = ['FULL', 'INCREMENTAL'] as const;
export type RefreshType = (typeof REFRESH_TYPES)[number];

/** A partition absent from the map has never been materialized ("never"). */
export type PartitionStatus = 'materialized' | 'cleared' | 'failed';

/** Whole-table status; only FULL plans use it (an INCREMENTAL plan stays 'never'). */
export type TableStatus = 'never' | 'materialized' | 'cleared';

export interface ExistingPlan {
  status: 'active' | 'deleted';
  readonly planId: string;
  readonly name: string;
  readonly refreshType: RefreshType;
  readonly granularity: Granularity;
  readonly createdAt: string;
  table: TableStatus;
  /** Partition key (`YYYY-MM-DD`, first day of the partition) -> status. */
  readonly partitions: Map<string, PartitionStatus>;
}

export type PlanState = { readonly status: 'absent' } | ExistingPlan;

export const initialPlanState = (): PlanState => ({ status: 'absent' });
