import {
  MAX_PARTITIONS_PER_COMMAND,
  PlanCommand,
  planDecider,
  PlanEvent,
  planSnapshotPolicy,
  PlanState,
} from '@engine/materialization/domain';
import { diffSubjects } from '../restore.planner';
import { NotRestorable, RestoreFamily, RestoreStep, SubjectDiff } from '../restore.types';

/** Subject keys besides the partition days (`YYYY-MM-DD`), which never start with `@`. */
const PLAN = '@plan';
const TABLE = '@table';

function subjects(state: PlanState): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (state.status === 'absent') return map;
  map.set(PLAN, state.status);
  map.set(TABLE, state.table);
  for (const [key, status] of state.partitions) map.set(key, status);
  return map;
}

const kindOf = (key: string) => (key === PLAN ? 'plan' : key === TABLE ? 'plan-table' : 'plan-partition');

/**
 * CAN materialization plan. The only metadata command that moves a day back is clearPartition
 * (a day materialized after the point stops being hit-able); a day that was materialized then
 * and is not now needs its data backfilled, which metadata cannot do: it is reported, never
 * faked with a backfill record.
 */
export const materializationRestore: RestoreFamily<PlanState, PlanCommand, PlanEvent> = {
  category: 'matplan',
  decider: planDecider,
  snapshot: planSnapshotPolicy,
  subjects,
  kindOf,
  plan({ asOf, current, only, now = '1970-01-01T00:00:00.000Z' }) {
    const { diffs } = diffSubjects(subjects(asOf), subjects(current), kindOf, only);
    const notRestorable: NotRestorable[] = [];
    const toClear: SubjectDiff[] = [];
    const refuse = (diff: SubjectDiff, reason: NotRestorable['reason'], message: string) =>
      notRestorable.push({ ...diff, reason, message });
    for (const diff of diffs) {
      if (current.status === 'deleted') {
        refuse(
          diff,
          'AGGREGATE_DELETED',
          'The plan was deleted since the point; a deleted plan cannot be changed or recreated under its uuid',
        );
      } else if (diff.subject === PLAN) {
        refuse(
          diff,
          'CREATED_AFTER_POINT',
          'The plan was created after the point; a restore does not delete it',
        );
      } else if (diff.subject === TABLE) {
        refuse(
          diff,
          diff.restoredTo === 'materialized' ? 'NEEDS_BACKFILL' : 'NO_METADATA_COMMAND',
          diff.restoredTo === 'materialized'
            ? 'The whole table was materialized at the point: only a full refresh (a backfill run) brings it back'
            : 'The whole-table status moves only with a full refresh or a whole-table clear (which would also clear days the restore keeps); use clearPartition with no range if intended',
        );
      } else if (diff.restoredTo === 'materialized') {
        refuse(
          diff,
          'NEEDS_BACKFILL',
          'Materialized at the point, not now: its data must be backfilled (a backfill run), not its metadata',
        );
      } else if (diff.current === 'materialized') {
        toClear.push(diff);
        if (diff.restoredTo !== 'cleared')
          refuse(
            diff,
            'NO_METADATA_COMMAND',
            `Materialized after the point: the restore clears it, but a day cannot go back to ${diff.restoredTo ?? 'never materialized'}`,
          );
      } else {
        refuse(
          diff,
          'NO_METADATA_COMMAND',
          `Not hit-able either way (${diff.current ?? 'never'} now, ${diff.restoredTo ?? 'never'} then): only a backfill run changes it`,
        );
      }
    }
    const steps: RestoreStep<PlanCommand>[] = [];
    if (current.status !== 'active') return { steps, notRestorable };
    for (let i = 0; i < toClear.length; i += MAX_PARTITIONS_PER_COMMAND) {
      const undoes = toClear.slice(i, i + MAX_PARTITIONS_PER_COMMAND);
      steps.push({
        command: {
          type: 'ClearPartitions',
          planId: current.planId,
          now,
          timeRange: undoes.map((d) => ({
            dateGranularity: current.granularity,
            startTime: d.subject,
            endTime: d.subject,
          })),
        },
        undoes,
      });
    }
    return { steps, notRestorable };
  },
};
