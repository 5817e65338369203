import type Database from 'better-sqlite3';
import { Partition, TableInfo } from '../domain';

export interface PartitionPage {
  table: TableInfo;
  partitions: Partition[];
  /** Opaque marker of the next page; undefined on the last page. */
  nextMarker?: string;
}

interface PartitionRow {
  sort_key: string;
  partition_id: string;
  create_time: string;
  last_access_time: string;
  parameters: string;
  storage_descriptor: string;
}

/** Queries over the catalog-partitions projection. Markers encode the last sort key seen. */
export class CatalogPartitionsReader {
  constructor(private readonly db: Database.Database) {}

  /** One page of a table's partitions in value order; undefined when the table is unknown. */
  page(stream: string, limit: number, marker?: string): PartitionPage | undefined {
    const table = this.db.prepare('SELECT id, info FROM lf_tables WHERE stream = ?').get(stream) as
      { id: number; info: string } | undefined;
    if (!table) return undefined;
    const after = marker === undefined ? '' : Buffer.from(marker, 'base64url').toString('utf8');
    const rows = this.db
      .prepare(
        `SELECT sort_key, partition_id, create_time, last_access_time, parameters, storage_descriptor
         FROM lf_partitions WHERE table_id = ? AND sort_key > ? ORDER BY sort_key LIMIT ?`,
      )
      .all(table.id, after, limit + 1) as PartitionRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      table: JSON.parse(table.info) as TableInfo,
      partitions: page.map(toPartition),
      nextMarker:
        rows.length > limit && last ? Buffer.from(last.sort_key, 'utf8').toString('base64url') : undefined,
    };
  }
}

function toPartition(row: PartitionRow): Partition {
  return {
    partitionId: row.partition_id,
    values: JSON.parse(row.sort_key) as string[],
    createTime: row.create_time,
    lastAccessTime: row.last_access_time,
    parameters: JSON.parse(row.parameters) as Record<string, string>,
    storage: JSON.parse(row.storage_descriptor) as Partition['storage'],
  };
}
