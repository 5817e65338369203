import { auditFamily, EVERY_SUBJECT, touched } from '@engine/audit';
import { planDecider, planSnapshotPolicy } from '../domain';

const planPartition = touched('plan-partition');
/** A plan-wide change touches every time partition of the plan: key `*` (see SubjectChange). */
const everyPlanPartition = (change: string) => planPartition(EVERY_SUBJECT, change);
/** Audit view of a CAN plan stream: the plan partitions each event changed (`*` for plan-wide changes). */
export const PLAN_AUDIT = auditFamily({
  category: 'matplan',
  description: 'CAN materialization plan and its partitions (subject key: YYYY-MM-DD)',
  decider: planDecider,
  snapshot: planSnapshotPolicy,
  describe: (event) => {
    const { type, data: d } = event;
    switch (type) {
      case 'MaterializationPlanCreated':
        return [];
      case 'PartitionsBackfilled':
        return d.partitions.map((p) => planPartition(p, `backfilled (${d.runType})`));
      case 'PartitionsBackfillFailed':
        return d.partitions.map((p) => planPartition(p, `backfill failed (${d.runType})`));
      case 'PartitionsCleared':
        return d.partitions.map((p) => planPartition(p, 'cleared'));
      case 'MaterializationPlanCleared':
        return [everyPlanPartition(`plan cleared (${d.partitionsCleared} materialized partitions)`)];
      case 'MaterializationPlanRefreshed':
        return [
          everyPlanPartition(`plan refreshed (${d.runType}): cleared and failed partitions materialized`),
        ];
      case 'MaterializationPlanDeleted':
        return [everyPlanPartition('plan deleted')];
    }
  },
});
