import type { PartitionStatus, RefreshType, TableStatus } from './plan.state';

export interface HitPartition {
  readonly key: string;
  readonly state: PartitionStatus | 'never';
}

export interface HitVerdict {
  readonly hit: boolean;
  /** Partitions of the range that cannot be served, with their state ('never' when unknown). */
  readonly missing: HitPartition[];
  /** FULL plans only: the whole table waits for a full backfill. */
  readonly fullBackfillRequired: boolean;
}

/**
 * Whether a query over some partitions can be served from the materialized table.
 * INCREMENTAL: every partition must be materialized. FULL: the table must have been refreshed
 * and not cleared since, and no partition of the range may be cleared or failed; a partition the
 * refresh did not list ('never') is served by the full refresh.
 */
export function evaluateHit(
  refreshType: RefreshType,
  table: TableStatus,
  partitions: readonly HitPartition[],
): HitVerdict {
  const full = refreshType === 'FULL';
  const missing = partitions
    .filter((p) => p.state !== 'materialized' && !(full && p.state === 'never'))
    .map(({ key, state }) => ({ key, state }));
  const fullBackfillRequired = full && table !== 'materialized';
  return { hit: missing.length === 0 && !fullBackfillRequired, missing, fullBackfillRequired };
}
