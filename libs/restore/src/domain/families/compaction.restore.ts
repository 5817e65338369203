import {
  nextVersion,
  TabletCommand,
  tabletDecider,
  TabletEvent,
  tabletSnapshotPolicy,
  TabletState,
} from '@engine/compaction/domain';
import { diffSubjects } from '../restore.planner';
import { NotRestorable, RestoreFamily, RestoreStep } from '../restore.types';

/** Subject keys besides the rowset ids (32 hex digits). */
const TABLET = '@tablet';
const CUMULATIVE_POINT = '@cumulativePoint';
const RUNNING = '@running';

function subjects(state: TabletState): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (state.status === 'absent') return map;
  map.set(TABLET, state.tabletId);
  map.set(CUMULATIVE_POINT, state.cumulativePoint);
  // Base and cumulative compactions run side by side (separate locks): one subject each.
  for (const running of state.running)
    map.set(`${RUNNING}/${running.compactionId}`, {
      compactionId: running.compactionId,
      started: running.startedAt !== undefined,
    });
  for (const r of state.rowsets)
    map.set(r.rowsetId, {
      versions: `${r.startVersion}-${r.endVersion}`,
      size: r.size,
      segments: r.segments,
    });
  return map;
}

function kindOf(key: string): string {
  if (key === TABLET) return 'tablet';
  if (key === CUMULATIVE_POINT) return 'cumulative-point';
  return key.startsWith(`${RUNNING}/`) ? 'compaction' : 'rowset';
}

/**
 * Doris tablet. Rowsets are data: a compaction that merged them, or a load after the point,
 * cannot be undone by metadata, so they are reported. The one thing a restore can undo is a
 * compaction started since the point and still running: it is failed (as Doris would on abort).
 */
export const compactionRestore: RestoreFamily<TabletState, TabletCommand, TabletEvent> = {
  category: 'tablet',
  decider: tabletDecider,
  snapshot: tabletSnapshotPolicy,
  subjects,
  kindOf,
  plan({ asOf, current, only, now = '1970-01-01T00:00:00.000Z' }) {
    const { diffs } = diffSubjects(subjects(asOf), subjects(current), kindOf, only);
    const lastVersionThen = asOf.status === 'absent' ? -1 : nextVersion(asOf.rowsets) - 1;
    const notRestorable: NotRestorable[] = [];
    const steps: RestoreStep<TabletCommand>[] = [];
    for (const diff of diffs) {
      const refuse = (reason: NotRestorable['reason'], message: string) =>
        notRestorable.push({ ...diff, reason, message });
      if (diff.subject === TABLET) {
        refuse(
          'CREATED_AFTER_POINT',
          'The tablet was registered after the point; a restore does not remove it',
        );
      } else if (diff.subject.startsWith(`${RUNNING}/`)) {
        const running = diff.current as { compactionId: string } | undefined;
        const then = diff.restoredTo as { compactionId: string } | undefined;
        // The same compaction, only further along, is left alone: failing it moves away from the point.
        if (running && then === undefined)
          steps.push({
            command: {
              type: 'FailCompaction',
              tabletId: current.status === 'registered' ? current.tabletId : 0,
              compactionId: running.compactionId,
              reason: 'aborted by a point-in-time restore',
              now,
            },
            undoes: [diff],
          });
        if (diff.restoredTo !== undefined)
          refuse(
            'COMPACTION_REWROTE_ROWSETS',
            'The compaction running at the point has since progressed or finished; it cannot be put back',
          );
      } else if (diff.subject === CUMULATIVE_POINT) {
        refuse('COMPACTION_REWROTE_ROWSETS', 'The cumulative point moved with a compaction since the point');
      } else if (diff.restoredTo === undefined && isLoadedAfter(diff.current, lastVersionThen)) {
        refuse('LOADED_AFTER_POINT', 'Loaded after the point: a restore does not unload data');
      } else {
        refuse(
          'COMPACTION_REWROTE_ROWSETS',
          'A compaction rewrote this rowset since the point: its data now lives in the merged rowset',
        );
      }
    }
    return { steps, notRestorable };
  },
};

/** Every version of a rowset born after the point was loaded after it. */
function isLoadedAfter(value: unknown, lastVersionThen: number): boolean {
  const versions = (value as { versions: string }).versions;
  return Number(versions.split('-')[0]) > lastVersionThen;
}
