import {
  SegmentsCommand,
  segmentsDecider,
  SegmentsEvent,
  segmentsSnapshotPolicy,
  SegmentsState,
} from '@engine/segments/domain';
import { cloneState, runCommands } from '../restore.decider';
import { diffSubjects } from '../restore.planner';
import { NotRestorable, RestoreFamily, RestoreStep, SubjectDiff } from '../restore.types';

type Lifecycle = 'used' | 'unused';

function subjects(state: SegmentsState): Map<string, Lifecycle> {
  const map = new Map<string, Lifecycle>();
  for (const entry of state.byId.values()) map.set(entry.id, entry.used ? 'used' : 'unused');
  return map;
}

const ids = (diffs: readonly SubjectDiff[]) => diffs.map((d) => d.subject);

/**
 * Druid segments of one datasource. Used/unused flips back with Druid's own mark commands; a
 * segment killed since the point is gone with its deep-storage data (Druid's kill task deletes
 * both), and one published after the point is marked unused, never killed.
 */
export const segmentsRestore: RestoreFamily<SegmentsState, SegmentsCommand, SegmentsEvent> = {
  category: 'datasource',
  decider: segmentsDecider,
  snapshot: segmentsSnapshotPolicy,
  subjects,
  kindOf: () => 'segment',
  plan({ asOf, current, id: datasource, only }) {
    const { diffs } = diffSubjects(subjects(asOf), subjects(current), () => 'segment', only);
    const toUnused: SubjectDiff[] = [];
    const toUsed: SubjectDiff[] = [];
    const notRestorable: NotRestorable[] = [];
    for (const diff of diffs) {
      if (diff.current === undefined) {
        notRestorable.push({
          ...diff,
          reason: 'SEGMENT_KILLED',
          message:
            'Killed since the point: its metadata and deep-storage data were deleted; re-ingest the interval to bring it back',
        });
      } else if (diff.restoredTo === undefined) {
        if (diff.current === 'used') toUnused.push(diff);
        notRestorable.push({
          ...diff,
          reason: 'PUBLISHED_AFTER_POINT',
          message:
            'Published after the point: the restore stops serving it (marked unused) but does not kill it, which would delete its data',
        });
      } else if (diff.restoredTo === 'used') toUsed.push(diff);
      else toUnused.push(diff);
    }
    const steps: RestoreStep<SegmentsCommand>[] = [];
    if (toUnused.length > 0)
      steps.push({
        command: {
          type: 'MarkSegmentsUnused',
          datasource,
          selector: { kind: 'ids', segmentIds: ids(toUnused) },
        },
        undoes: toUnused,
      });
    if (toUsed.length === 0) return { steps, notRestorable };
    const groupRevive: RestoreStep<SegmentsCommand> = {
      command: { type: 'MarkSegmentsUsed', datasource, selector: { kind: 'ids', segmentIds: ids(toUsed) } },
      undoes: toUsed,
    };
    // One version everywhere: nothing can overshadow anything, the group revive brings all back.
    if (current.versions.size <= 1) return { steps: [...steps, groupRevive], notRestorable };
    // The group revive leaves overshadowed segments unused (Druid's rule); at the point they were
    // used anyway, so each gets Druid's single-segment revive, which has no overshadow check.
    const after = runCommands(
      segmentsRestore,
      cloneState(segmentsRestore, current),
      [...steps, groupRevive].map((s) => s.command),
    ).state;
    const overshadowed = toUsed.filter((d) => !after.byId.get(d.subject)?.used);
    const shadowed = new Set(ids(overshadowed));
    groupRevive.undoes = toUsed.filter((d) => !shadowed.has(d.subject));
    if (groupRevive.undoes.length > 0) {
      groupRevive.command = {
        type: 'MarkSegmentsUsed',
        datasource,
        selector: { kind: 'ids', segmentIds: ids(groupRevive.undoes) },
      };
      steps.push(groupRevive);
    }
    for (const diff of overshadowed)
      steps.push({
        command: { type: 'MarkSegmentUsed', datasource, segmentId: diff.subject },
        undoes: [diff],
      });
    return { steps, notRestorable };
  },
};
