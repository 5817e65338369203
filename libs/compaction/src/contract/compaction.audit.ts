import { auditFamily, touched } from '@engine/audit';
import { tabletDecider, tabletSnapshotPolicy } from '../domain';

const rowset = touched('rowset');
const compaction = touched('compaction');
/** Audit view of a Doris tablet stream: the rowsets and compactions each event changed. */
export const TABLET_AUDIT = auditFamily({
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
