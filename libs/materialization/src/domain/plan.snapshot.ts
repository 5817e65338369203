import type { SnapshotPolicy } from '@engine/kernel/domain';
import type { ExistingPlan, PartitionStatus, PlanState } from './plan.state';

type PlanSnapshotV1 =
  { plan: null } | { plan: Omit<ExistingPlan, 'partitions'> & { partitions: [string, PartitionStatus][] } };

/** A DAY plan gains hundreds of events a year; snapshots keep cold loads short. */
export const planSnapshotPolicy: SnapshotPolicy<PlanState> = {
  version: 1,
  every: 100,
  toSnapshot(state): PlanSnapshotV1 {
    if (state.status === 'absent') return { plan: null };
    return { plan: { ...state, partitions: [...state.partitions] } };
  },
  fromSnapshot(snapshot) {
    const { plan } = snapshot as PlanSnapshotV1;
    if (plan === null) return { status: 'absent' };
    return { ...plan, partitions: new Map(plan.partitions) };
  },
};
