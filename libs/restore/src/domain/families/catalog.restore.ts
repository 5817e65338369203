import {
  MAX_PARTITIONS_PER_BATCH,
  Partition,
  partitionKey,
  TableCommand,
  tableDecider,
  TableEvent,
  tableSnapshotPolicy,
  TableState,
} from '@engine/catalog/domain';
import { diffSubjects } from '../restore.planner';
import { NotRestorable, RestoreFamily, RestoreStep, SubjectDiff } from '../restore.types';

/** How the report names the table itself (not a subject: partition values may be any string). */
const TABLE = '@table';

/**
 * A partition's subject key is its values joined by `/`, as in the audit's subject history; the
 * value compared is its id. (The state keys partitions by the JSON array of their values.)
 */
const subjectOf = (stateKey: string) => (JSON.parse(stateKey) as string[]).join('/');

function subjects(state: TableState): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const [key, id] of state.partitions) map.set(subjectOf(key), id);
  return map;
}

/** Partitions as recorded, up to the point: a deleted partition is created again from its record. */
type Recorded = Map<string, Partition>;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_PARTITIONS_PER_BATCH)
    out.push(items.slice(i, i + MAX_PARTITIONS_PER_BATCH));
  return out;
}

/**
 * LakeFormation table. A deleted partition is created again with the storage descriptor,
 * parameters and id it had (partition metadata only: the files stay at their location); one
 * created after the point is deleted. The table itself is never dropped by a restore.
 */
export const catalogRestore: RestoreFamily<TableState, TableCommand, TableEvent, Recorded> = {
  category: 'lftable',
  decider: tableDecider,
  snapshot: tableSnapshotPolicy,
  subjects,
  kindOf: () => 'partition',
  memory: {
    initial: () => new Map(),
    evolve(recorded, event) {
      if (event.type === 'PartitionsCreated')
        for (const p of event.data.partitions) recorded.set(subjectOf(partitionKey(p.values)), p);
      if (event.type === 'PartitionsDeleted')
        for (const p of event.data.partitions) recorded.delete(subjectOf(partitionKey(p.values)));
      return recorded;
    },
  },
  plan({ asOf, current, only, memory }) {
    const { diffs } = diffSubjects(subjects(asOf), subjects(current), catalogRestore.kindOf, only);
    const valuesNow = new Map<string, string[]>();
    for (const key of current.partitions.keys()) valuesNow.set(subjectOf(key), JSON.parse(key) as string[]);
    const notRestorable: NotRestorable[] = [];
    const toDelete: SubjectDiff[] = [];
    const toCreate: SubjectDiff[] = [];
    if (!asOf.table && current.table && (!only || only.has(TABLE)))
      notRestorable.push({
        kind: 'table',
        subject: TABLE,
        current: current.table.tableId,
        reason: 'CREATED_AFTER_POINT',
        message:
          'The table was created after the point; a restore deletes its later partitions but not the table',
      });
    for (const diff of diffs) {
      if (diff.current !== undefined) toDelete.push(diff);
      if (diff.restoredTo !== undefined) toCreate.push(diff);
    }
    const steps: RestoreStep<TableCommand>[] = [];
    for (const undoes of chunks(toDelete))
      steps.push({
        command: {
          type: 'DeletePartitions',
          partitionValues: undoes.map((d) => valuesNow.get(d.subject) as string[]),
        },
        undoes,
      });
    const recreate = toCreate.filter((d) => memory?.has(d.subject));
    for (const undoes of chunks(recreate))
      steps.push({
        command: {
          type: 'BatchCreatePartitions',
          ifNotExist: false,
          partitions: undoes.map((d) => memory!.get(d.subject) as Partition),
        },
        undoes,
      });
    return { steps, notRestorable };
  },
};
