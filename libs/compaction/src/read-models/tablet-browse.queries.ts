import type Database from 'better-sqlite3';

export interface TabletSummary {
  tabletId: number;
  tableId: number;
  schemaHash: number;
  cumulativePoint: number;
  rowsetCount: number;
  runningCompaction: string | null;
}

/** Tablets of one tenant in id order, a page at a time (the compaction-status read model). */
export class TabletBrowseQueries {
  constructor(private readonly db: Database.Database) {}

  page(tenant: string, afterTabletId: number, limit: number): TabletSummary[] {
    return this.db
      .prepare<[string, number, number], TabletSummary>(
        `SELECT tablet_id AS tabletId, table_id AS tableId, schema_hash AS schemaHash,
           cumulative_point AS cumulativePoint, json_array_length(rowsets) AS rowsetCount,
           running_type AS runningCompaction
         FROM tablets WHERE tenant = ? AND tablet_id > ? ORDER BY tablet_id LIMIT ?`,
      )
      .all(tenant, afterTabletId, limit);
  }
}
