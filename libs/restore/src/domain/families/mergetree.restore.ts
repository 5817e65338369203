import {
  detachedOf,
  MergeTreeCommand,
  mergeTreeDecider,
  MergeTreeEvent,
  mergeTreeSnapshotPolicy,
  MergeTreeState,
  PartRecord,
} from '@engine/mergetree/domain';
import { diffSubjects } from '../restore.planner';
import { NotRestorable, RestoreFamily, RestoreStep } from '../restore.types';

const TABLE = '@table';

/**
 * A part's data as queries see it: ATTACH gives a part new block numbers (a new name) and level 0,
 * so parts are compared by what they hold, not by name. Disk placement is not compared.
 */
const signature = (p: PartRecord) => `${p.rows} rows, ${p.bytesOnDisk} bytes, written ${p.modifiedAt}`;

/** Per partition ID, the sorted signatures of its active parts; a partition with none is absent. */
function subjects(state: MergeTreeState): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (state.table) map.set(TABLE, `${state.table.database}.${state.table.table}`);
  for (const [id, parts] of state.active)
    if (parts.size > 0) map.set(id, [...parts.values()].map(signature).sort());
  return map;
}

/** Takes one item with the given signature out of `pool`. */
function take<T>(pool: T[], sig: string, of: (item: T) => string): T | undefined {
  const i = pool.findIndex((item) => of(item) === sig);
  return i < 0 ? undefined : pool.splice(i, 1)[0];
}

/**
 * ClickHouse MergeTree table, partition by partition: parts active now that were not then are
 * detached (their data stays in detached/, nothing is dropped); parts active then and detached
 * now are attached again. A part of the point that was dropped, or merged or mutated into
 * another, cannot come back: the partition is reported and left as it is.
 */
export const mergeTreeRestore: RestoreFamily<MergeTreeState, MergeTreeCommand, MergeTreeEvent> = {
  category: 'mergetree',
  // The audit id `db.table` is one stream id component.
  streamIdOf: (id) => [id],
  decider: mergeTreeDecider,
  snapshot: mergeTreeSnapshotPolicy,
  subjects,
  kindOf: (key) => (key === TABLE ? 'table' : 'partition'),
  plan({ asOf, current, only, now = '1970-01-01T00:00:00.000Z' }) {
    const { diffs } = diffSubjects(subjects(asOf), subjects(current), mergeTreeRestore.kindOf, only);
    const notRestorable: NotRestorable[] = [];
    const steps: RestoreStep<MergeTreeCommand>[] = [];
    const table = current.table;
    for (const diff of diffs) {
      if (diff.subject === TABLE || !table) {
        notRestorable.push({
          ...diff,
          reason: 'CREATED_AFTER_POINT',
          message: 'The table was created after the point; a restore detaches its parts but does not drop it',
        });
        if (diff.subject === TABLE) continue;
      }
      const id = diff.subject;
      const active = [...(current.active.get(id)?.values() ?? [])];
      const detached = detachedOf(current, id).filter((d) => d.reason === '');
      const toAttach: string[] = [];
      const lost: PartRecord[] = [];
      for (const part of asOf.active.get(id)?.values() ?? []) {
        const sig = signature(part);
        if (take(active, sig, signature)) continue;
        const back = take(detached, sig, (d) => signature(d.part));
        if (back) toAttach.push(back.name);
        else lost.push(part);
      }
      if (lost.length > 0) {
        const rewritten = lost.filter((l) =>
          [...(current.active.get(id)?.values() ?? [])].some(
            (p) => p.name !== l.name && p.minBlock <= l.minBlock && p.maxBlock >= l.maxBlock,
          ),
        );
        notRestorable.push({
          ...diff,
          reason: rewritten.length > 0 ? 'PARTS_REWRITTEN' : 'PART_DATA_GONE',
          message:
            rewritten.length > 0
              ? `Parts ${rewritten.map((p) => p.name).join(', ')} were merged or mutated into other parts since the point; the partition is left as it is`
              : `Parts ${lost.map((p) => p.name).join(', ')} were dropped since the point and their data is gone; the partition is left as it is`,
        });
        continue;
      }
      if (!table) continue;
      for (const extra of active)
        steps.push({ command: { type: 'DetachPart', table, now, name: extra.name }, undoes: [diff] });
      for (const name of toAttach)
        steps.push({ command: { type: 'AttachPart', table, now, name }, undoes: [diff] });
    }
    return { steps, notRestorable };
  },
};
