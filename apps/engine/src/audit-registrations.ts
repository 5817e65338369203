import {
  auditFamily,
  AuditModule,
  CATALOG_REGISTRY_EVENT_SCHEMAS,
  CATALOG_TABLE_EVENT_SCHEMAS,
  COMPACTION_EVENT_SCHEMAS,
  MATERIALIZATION_EVENT_SCHEMAS,
  MERGETREE_EVENT_SCHEMAS,
  SEGMENTS_EVENT_SCHEMAS,
  SubjectChange,
} from '@engine/audit';
import { catalogRegistryDecider, tableDecider, tableSnapshotPolicy } from '@engine/catalog';
import { tabletDecider, tabletSnapshotPolicy } from '@engine/compaction';
import { planDecider, planSnapshotPolicy } from '@engine/materialization';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '@engine/mergetree';
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
const mergetree = auditFamily({
  category: 'mergetree',
  description: 'ClickHouse MergeTree table: parts and partitions',
  decider: mergeTreeDecider,
  snapshot: mergeTreeSnapshotPolicy,
  describe: (event) => {
    const { type, data: d } = event;
    switch (type) {
      case 'TableCreated':
      case 'PartitionMoveCompleted':
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
        return d.parts.map((p) => part(p.name, 'detached'));
      case 'PartsAttached':
        return d.parts.map((p) => part(p.part.name, `attached from detached/${p.detachedName}`, p.part));
      case 'PartsDropped':
        return d.names.map((n) => part(n, 'dropped'));
      case 'DetachedPartsDropped':
        return d.names.map((n) => part(n, 'dropped from detached'));
      case 'PartitionForgotten':
        return [partition(d.partitionId, 'forgotten')];
      case 'PartitionAttachedFrom':
      case 'MovedPartsReceived':
        return d.parts.map((p) => part(p.part.name, `copied from ${d.source.database}.${d.source.table}`, p));
      case 'PartitionReplacedFrom':
        return [
          ...d.replacedNames.map((n) => part(n, 'replaced')),
          ...d.parts.map((p) => part(p.part.name, `copied from ${d.source.database}.${d.source.table}`, p)),
          partition(d.partitionId, `replaced from ${d.source.database}.${d.source.table}`),
        ];
      case 'PartitionMoveStarted':
        return [
          ...d.parts.map((p) => part(p.name, `moving to ${d.destination.database}.${d.destination.table}`)),
          partition(d.partitionId, `move ${d.moveId} started`),
        ];
      case 'PartitionMoveAborted':
        return d.parts.map((p) => part(p.name, `move aborted: ${d.reason}`));
      case 'PartitionFrozen':
        return d.partNames.map((n) => part(n, `frozen in backup ${d.backupName}`));
      case 'PartitionUnfrozen':
        return d.partNames.map((n) => part(n, `backup ${d.backupName} removed`));
      case 'PartsMutated':
        return d.parts.flatMap((p) => [
          part(p.fromName, `mutated into ${p.part.name}`, d.mutation),
          part(p.part.name, `created by mutation ${d.version}`, p.part),
        ]);
      case 'PartsMovedToDisk':
        return d.names.map((n) => part(n, `moved to ${d.target.kind} ${d.target.name}`));
      case 'PartsFetched':
        return d.parts.map((p) => part(p.part.name, `fetched from ${d.from} into detached`, p));
      case 'DetachedPartRegistered':
        return [part(d.detached.part.name, `appeared in detached (${d.detached.reason})`, d.detached)];
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
const plan = auditFamily({
  category: 'matplan',
  description: 'CAN materialization plan and its partitions (subject key: YYYY-MM-DD)',
  decider: planDecider,
  snapshot: planSnapshotPolicy,
  describe: (event) => {
    switch (event.type) {
      case 'PartitionsBackfilled':
        return event.data.partitions.map((p) => planPartition(p, `backfilled (${event.data.runType})`));
      case 'PartitionsBackfillFailed':
        return event.data.partitions.map((p) => planPartition(p, `backfill failed (${event.data.runType})`));
      case 'PartitionsCleared':
        return event.data.partitions.map((p) => planPartition(p, 'cleared'));
      default:
        return [];
    }
  },
});

export const AUDIT_MODULE = AuditModule.forRoot({
  families: [segments, mergetree, table, catalogs, tablet, plan],
  schemas: [
    SEGMENTS_EVENT_SCHEMAS,
    MERGETREE_EVENT_SCHEMAS,
    CATALOG_TABLE_EVENT_SCHEMAS,
    CATALOG_REGISTRY_EVENT_SCHEMAS,
    COMPACTION_EVENT_SCHEMAS,
    MATERIALIZATION_EVENT_SCHEMAS,
  ],
});
