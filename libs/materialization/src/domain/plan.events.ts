import type { DomainEvent } from '@engine/kernel/domain';
import type { Granularity } from './granularity.value-object';
import type { RefreshType } from './plan.state';

/*
 * Event types and shapes are a public contract (stream category `matplan`). Partition lists
 * hold partition keys (first day, `YYYY-MM-DD`, UTC): one event lists every partition of its
 * change (events stored by earlier versions may split one change over several of the same type).
 */

export type MaterializationPlanCreated = DomainEvent<
  'MaterializationPlanCreated',
  {
    planId: string;
    name: string;
    refreshType: RefreshType;
    granularity: Granularity;
    createdAt: string;
  }
>;

export type PartitionsBackfilled = DomainEvent<
  'PartitionsBackfilled',
  { planId: string; runType: string; partitions: string[]; at: string }
>;

export type PartitionsBackfillFailed = DomainEvent<
  'PartitionsBackfillFailed',
  { planId: string; runType: string; partitions: string[]; at: string }
>;

/** Only partitions that were materialized: clearing anything else is not a change. */
export type PartitionsCleared = DomainEvent<
  'PartitionsCleared',
  { planId: string; partitions: string[]; at: string }
>;

/**
 * FULL plan cleared without ranges: the whole table stops being hit-able and every
 * materialized partition becomes cleared until a full refresh.
 */
export type MaterializationPlanCleared = DomainEvent<
  'MaterializationPlanCleared',
  { planId: string; partitionsCleared: number; at: string }
>;

/**
 * A FULL plan's refresh succeeded with no failed range: the whole table is hit-able again and
 * every cleared or failed partition is materialized (a full refresh rewrites them all).
 */
export type MaterializationPlanRefreshed = DomainEvent<
  'MaterializationPlanRefreshed',
  { planId: string; runType: string; at: string }
>;

export type MaterializationPlanDeleted = DomainEvent<
  'MaterializationPlanDeleted',
  { planId: string; at: string }
>;

export type PlanEvent =
  | MaterializationPlanCreated
  | PartitionsBackfilled
  | PartitionsBackfillFailed
  | PartitionsCleared
  | MaterializationPlanCleared
  | MaterializationPlanRefreshed
  | MaterializationPlanDeleted;

export const PLAN_EVENT_TYPES: readonly PlanEvent['type'][] = [
  'MaterializationPlanCreated',
  'PartitionsBackfilled',
  'PartitionsBackfillFailed',
  'PartitionsCleared',
  'MaterializationPlanCleared',
  'MaterializationPlanRefreshed',
  'MaterializationPlanDeleted',
];
