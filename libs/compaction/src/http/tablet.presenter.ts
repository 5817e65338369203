import type { Rowset } from '../domain';
import type { TabletStatusResult } from '../application/get-tablet-status.query-handler';
import { missingVersions } from '../domain';

function rowsetJson(rowset: Rowset) {
  return {
    rowset_id: rowset.rowsetId,
    start_version: rowset.startVersion,
    end_version: rowset.endVersion,
    size: rowset.size,
    segments: rowset.segments,
  };
}

/** The native view of a tablet (snake_case like the request bodies). */
export function tabletJson(tablet: NonNullable<TabletStatusResult>) {
  const { running } = tablet;
  return {
    tablet_id: tablet.tabletId,
    table_id: tablet.tableId,
    schema_hash: tablet.schemaHash,
    cumulative_point: tablet.cumulativePoint,
    rowsets: tablet.rowsets.map(rowsetJson),
    missing_versions: missingVersions(tablet.rowsets).map((gap) => [gap.startVersion, gap.endVersion]),
    running_compaction: running && {
      compaction_id: running.compactionId,
      compaction_type: running.compactionType,
      status: running.startedAt === null ? 'triggered' : 'running',
      triggered_at: running.triggeredAt,
      started_at: running.startedAt,
    },
    last_success: tablet.lastSuccess,
    last_failure: tablet.lastFailure,
    compactions: tablet.history.map((c) => ({
      compaction_id: c.compactionId,
      compaction_type: c.compactionType,
      status: c.status,
      input_rowset_ids: c.inputRowsetIds,
      output: c.output && rowsetJson(c.output),
      cumulative_point_after: c.cumulativePointAfter,
      reason: c.reason,
      triggered_at: c.triggeredAt,
      started_at: c.startedAt,
      finished_at: c.finishedAt,
      source: c.source,
    })),
  };
}
