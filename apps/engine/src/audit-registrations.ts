import {
  auditFamily,
  AuditModule,
  CATALOG_REGISTRY_EVENT_SCHEMAS,
  CATALOG_TABLE_EVENT_SCHEMAS,
  COMPACTION_EVENT_SCHEMAS,
  MATERIALIZATION_EVENT_SCHEMAS,
  MERGETREE_EVENT_SCHEMAS,
  EVERY_SUBJECT,
  SEGMENTS_EVENT_SCHEMAS,
  SubjectChange,
} from '@engine/audit';
import { catalogRegistryDecider, tableDecider, tableSnapshotPolicy } from '@engine/catalog';
import { tabletDecider, tabletSnapshotPolicy } from '@engine/compaction';
import { planDecider, planSnapshotPolicy } from '@engine/materialization';
import {
  mergeTreeDecider,
  mergeTreeSnapshotPolicy,
  parsePartName,
  splitDetachedName,
} from '@engine/mergetree';
import { segmentsDecider, segmentsSnapshotPolicy } from '@engine/segments';

/**
 * What each lifecycle family contributes to audit, time travel and the event contract.
 * Adding a family: one `auditFamily({...})` entry and one schema set (libs/audit/src/schemas).
 * `describe` names the subjects an event touched, for the per-subject history routes.
 */

const touched =
  (kind: string) =>
  (key: string, change: string, details?: unknown): SubjectChange => ({ kind, key, change, details });

const segment = touched('segment');
const segments = auditFamily({
  category: 'datasource',
  description: 'Druid segments of one datasource',
  decider: segmentsDecider,
  snapshot: segmentsSnapshotPolicy,
  describe: (event) => {
    switch (event.type) {
      case 'SegmentsPublished':
        return event.data.segments.map((s) => segment(s.id, 'published', s));
      case 'SegmentsMarkedUnused':
        return event.data.segmentIds.map((id) => segment(id, 'marked unused'));
      case 'SegmentsMarkedUsed':
        return event.data.segmentIds.map((id) => segment(id, 'marked used'));
      case 'UnusedSegmentsKilled':
        return event.data.segmentIds.map((id) => segment(id, 'killed'));
    }
  },
  // The byStart/starts indexes are derived from byId: render the segments once.
  renderState: (state) => ({
    usedCount: state.usedCount,
    segments: [...state.byId.values()]
      .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))
      .map((s) => ({ ...s, start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() })),
  }),
});

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
const mergetree = auditFamily({
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

const tablePartition = touched('partition');
const table = auditFamily({
  category: 'lftable',
  description: 'LakeFormation table and its partitions (subject key: partition values joined by /)',
  decider: tableDecider,
  snapshot: tableSnapshotPolicy,
  describe: (event) => {
    switch (event.type) {
      case 'TableCreated':
        return [];
      case 'PartitionsCreated':
        return event.data.partitions.map((p) => tablePartition(p.values.join('/'), 'created', p));
      case 'PartitionsDeleted':
        return event.data.partitions.map((p) => tablePartition(p.values.join('/'), 'deleted', p));
    }
  },
});

const catalogs = auditFamily({
  category: 'lfcatalog',
  description: 'LakeFormation catalogs and databases of one instance',
  decider: catalogRegistryDecider,
  describe: (event) =>
    event.type === 'CatalogCreated'
      ? [touched('catalog')(event.data.catalogName, 'created')]
      : [touched('database')(`${event.data.catalogName}/${event.data.databaseName}`, 'created')],
});

const rowset = touched('rowset');
const compaction = touched('compaction');
const tablet = auditFamily({
  category: 'tablet',
  description: 'Doris tablet: rowsets and compactions',
  decider: tabletDecider,
  snapshot: tabletSnapshotPolicy,
  describe: (event) => {
    const { type, data: d } = event;
    switch (type) {
      case 'TabletRegistered':
        return d.rowsets.map((r) => rowset(r.rowsetId, 'registered', r));
      case 'RowsetAdded':
        return [rowset(d.rowset.rowsetId, 'added', d.rowset)];
      case 'CompactionTriggered':
        return [
          compaction(d.compactionId, `${d.compactionType} triggered`),
          ...d.inputRowsetIds.map((id) => rowset(id, `selected for compaction ${d.compactionId}`)),
        ];
      case 'CompactionStarted':
        return [compaction(d.compactionId, 'started')];
      case 'CompactionCompleted':
        return [
          compaction(d.compactionId, 'completed'),
          ...d.inputRowsetIds.map((id) => rowset(id, `merged into ${d.output.rowsetId}`)),
          rowset(d.output.rowsetId, `created by compaction ${d.compactionId}`, d.output),
        ];
      case 'CompactionFailed':
        return [compaction(d.compactionId, d.timedOut ? 'timed out' : `failed: ${d.reason}`)];
    }
  },
});

const planPartition = touched('plan-partition');
/** A plan-wide change touches every time partition of the plan: key `*` (see SubjectChange). */
const everyPlanPartition = (change: string) => planPartition(EVERY_SUBJECT, change);
const plan = auditFamily({
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

/** Every family's audit view; exported so a test can walk every event type through `describe`. */
export const AUDIT_CATEGORIES = [segments, mergetree, table, catalogs, tablet, plan];

export const AUDIT_MODULE = AuditModule.forRoot({
  families: AUDIT_CATEGORIES,
  schemas: [
    SEGMENTS_EVENT_SCHEMAS,
    MERGETREE_EVENT_SCHEMAS,
    CATALOG_TABLE_EVENT_SCHEMAS,
    CATALOG_REGISTRY_EVENT_SCHEMAS,
    COMPACTION_EVENT_SCHEMAS,
    MATERIALIZATION_EVENT_SCHEMAS,
  ],
});
