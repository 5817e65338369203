import { auditFamily, SubjectChange, touched } from '@engine/audit';
import { mergeTreeDecider, mergeTreeSnapshotPolicy, parsePartName, splitDetachedName } from '../domain';

const part = touched('part');
const partition = touched('partition');
const backup = touched('backup');
/** A move's handle: PartitionMoveCompleted names only the move, so history follows the link. */
const move = (moveId: string, change: string): SubjectChange => ({
  kind: 'move',
  key: moveId,
  change,
  link: true,
});
/** The partition a part or detached directory name belongs to (the name starts with its ID). */
const partitionOfName = (name: string): string | undefined =>
  parsePartName(splitDetachedName(name).partName)?.partitionId;
/** One partition entry per distinct partition of the names, so its timeline shows the change once. */
const partitionsOf = (names: readonly string[], change: (count: number) => string): SubjectChange[] => {
  const counts = new Map<string, number>();
  for (const name of names) {
    const id = partitionOfName(name);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].map(([id, count]) => partition(id, change(count)));
};
const plural = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
/** Audit view of a MergeTree table stream: the parts, partitions, moves and backups each event changed. */
export const MERGETREE_AUDIT = auditFamily({
  category: 'mergetree',
  description: 'ClickHouse MergeTree table: parts and partitions',
  decider: mergeTreeDecider,
  snapshot: mergeTreeSnapshotPolicy,
  describe: (event) => {
    const { type, data: d } = event;
    switch (type) {
      case 'TableCreated':
        return [];
      case 'PartAdded':
        return [
          part(d.part.name, 'added', d.part),
          partition(d.part.partitionId, `part ${d.part.name} added`),
        ];
      case 'PartsMerged':
        return [
          ...d.sourceNames.map((n) => part(n, `merged into ${d.part.name}`)),
          part(d.part.name, 'created by a merge', d.part),
          partition(d.partitionId, `${d.sourceNames.length} parts merged into ${d.part.name}`),
        ];
      case 'PartsDetached':
        return [
          ...d.parts.map((p) => part(p.name, 'detached')),
          ...partitionsOf(
            d.parts.map((p) => p.name),
            (n) => `${plural(n, 'part')} detached`,
          ),
        ];
      case 'PartsAttached':
        return [
          ...d.parts.map((p) => part(p.part.name, `attached from detached/${p.detachedName}`, p.part)),
          ...partitionsOf(
            d.parts.map((p) => p.part.name),
            (n) => `${plural(n, 'part')} attached`,
          ),
        ];
      case 'PartsDropped':
        return [
          ...d.names.map((n) => part(n, 'dropped')),
          ...partitionsOf(d.names, (n) => `${plural(n, 'part')} dropped`),
        ];
      case 'DetachedPartsDropped':
        return [
          ...d.names.map((n) => part(splitDetachedName(n).partName, `dropped from detached (${n})`)),
          ...partitionsOf(d.names, (n) => `${plural(n, 'detached part')} dropped`),
        ];
      case 'PartitionForgotten':
        return [partition(d.partitionId, 'forgotten')];
      case 'PartitionAttachedFrom':
      case 'MovedPartsReceived': {
        const from = `${d.source.database}.${d.source.table}`;
        return [
          ...d.parts.map((p) => part(p.part.name, `copied from ${from}`, p)),
          ...partitionsOf(
            d.parts.map((p) => p.part.name),
            (n) =>
              `${plural(n, 'part')} ${type === 'MovedPartsReceived' ? 'moved in' : 'attached'} from ${from}`,
          ),
          ...(type === 'MovedPartsReceived' ? [move(d.moveId, `received from ${from}`)] : []),
        ];
      }
      case 'PartitionReplacedFrom':
        return [
          ...d.replacedNames.map((n) => part(n, 'replaced')),
          ...d.parts.map((p) => part(p.part.name, `copied from ${d.source.database}.${d.source.table}`, p)),
          partition(d.partitionId, `replaced from ${d.source.database}.${d.source.table}`),
        ];
      case 'PartitionMoveStarted':
        return [
          ...d.parts.map((p) => part(p.name, `moving to ${d.destination.database}.${d.destination.table}`)),
          partition(
            d.partitionId,
            `move ${d.moveId} to ${d.destination.database}.${d.destination.table} started`,
          ),
          move(d.moveId, 'started'),
        ];
      case 'PartitionMoveCompleted':
        return [move(d.moveId, 'completed: the parts left the table')];
      case 'PartitionMoveAborted':
        return [
          ...d.parts.map((p) => part(p.name, `move aborted: ${d.reason}`)),
          ...partitionsOf(
            d.parts.map((p) => p.name),
            () => `move ${d.moveId} aborted: ${d.reason}`,
          ),
          move(d.moveId, `aborted: ${d.reason}`),
        ];
      case 'PartitionFrozen':
        return [
          backup(d.backupName, `${plural(d.partNames.length, 'part')} frozen (increment ${d.increment})`),
          ...d.partNames.map((n) => part(n, `frozen in backup ${d.backupName}`)),
          ...partitionsOf(d.partNames, (n) => `${plural(n, 'part')} frozen in backup ${d.backupName}`),
        ];
      case 'PartitionUnfrozen':
        return [
          backup(d.backupName, 'removed (UNFREEZE)'),
          ...d.partNames.map((n) => part(n, `backup ${d.backupName} removed`)),
          ...partitionsOf(d.partNames, () => `backup ${d.backupName} removed`),
        ];
      case 'PartsMutated':
        return [
          ...d.parts.flatMap((p) => [
            part(p.fromName, `mutated into ${p.part.name}`, d.mutation),
            part(p.part.name, `created by mutation ${d.version}`, p.part),
          ]),
          ...partitionsOf(
            d.parts.map((p) => p.part.name),
            (n) => `${plural(n, 'part')} mutated (${d.mutation.kind}, version ${d.version})`,
          ),
        ];
      case 'PartsMovedToDisk':
        return [
          ...d.names.map((n) => part(n, `moved to ${d.target.kind} ${d.target.name}`)),
          ...partitionsOf(d.names, (n) => `${plural(n, 'part')} moved to ${d.target.kind} ${d.target.name}`),
        ];
      case 'PartsFetched':
        return [
          ...d.parts.map((p) => part(p.part.name, `fetched from ${d.from} into detached`, p)),
          ...partitionsOf(
            d.parts.map((p) => p.part.name),
            (n) => `${plural(n, 'part')} fetched from ${d.from} into detached`,
          ),
        ];
      case 'DetachedPartRegistered':
        return [
          part(d.detached.part.name, `appeared in detached (${d.detached.reason})`, d.detached),
          partition(d.detached.part.partitionId, `${d.detached.name} appeared in detached`),
        ];
    }
  },
});
