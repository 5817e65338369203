import { DETACHED_PROJECTION } from './detached.projection';
import { OLD_PARTS_LIFETIME_MS, PARTS_PROJECTION } from './parts.projection';

export interface SystemColumn {
  readonly name: string;
  /** ClickHouse type, for the `meta` of JSON output and 64-bit quoting. */
  readonly type: string;
  /** SQLite expression over the projection's table. */
  readonly sql: string;
}

export interface SystemTable {
  readonly projection: string;
  readonly from: string;
  /** Rows older than this many milliseconds (by `removed_at`) are gone; the reader applies it. */
  readonly retentionMs?: number;
  readonly columns: readonly SystemColumn[];
  readonly defaultOrder: string;
}

const modificationTime = (column: string) => `replace(substr(${column}, 1, 19), 'T', ' ')`;

/** system.parts and system.detached_parts over the mergetree projections (BEHAVIOUR.md §2 State views). */
export const SYSTEM_TABLES: Readonly<Record<string, SystemTable>> = {
  parts: {
    projection: PARTS_PROJECTION,
    // Active parts, and merged-away ones until old_parts_lifetime has passed (BEHAVIOUR.md §6).
    from: `(SELECT *, NULL AS removed_at, 1 AS active FROM parts
            UNION ALL SELECT *, 0 AS active FROM inactive_parts) AS parts`,
    retentionMs: OLD_PARTS_LIFETIME_MS,
    defaultOrder: 'database, table_name, partition_id, min_block, name',
    columns: [
      { name: 'database', type: 'String', sql: 'database' },
      { name: 'table', type: 'String', sql: 'table_name' },
      { name: 'partition', type: 'String', sql: 'partition' },
      { name: 'partition_id', type: 'String', sql: 'partition_id' },
      { name: 'name', type: 'String', sql: 'name' },
      { name: 'active', type: 'UInt8', sql: 'active' },
      { name: 'rows', type: 'UInt64', sql: 'rows' },
      { name: 'bytes_on_disk', type: 'UInt64', sql: 'bytes_on_disk' },
      { name: 'min_block_number', type: 'Int64', sql: 'min_block' },
      { name: 'max_block_number', type: 'Int64', sql: 'max_block' },
      { name: 'level', type: 'UInt32', sql: 'level' },
      {
        name: 'data_version',
        type: 'UInt64',
        sql: 'CASE WHEN mutation = 0 THEN min_block ELSE mutation END',
      },
      {
        name: 'is_frozen',
        type: 'UInt8',
        sql: `EXISTS (SELECT 1 FROM frozen_parts f WHERE f.tenant = parts.tenant AND f.database = parts.database
              AND f.table_name = parts.table_name AND f.name = parts.name)`,
      },
      { name: 'modification_time', type: 'DateTime', sql: modificationTime('modified_at') },
      { name: 'disk_name', type: 'String', sql: 'disk' },
    ],
  },
  detached_parts: {
    projection: DETACHED_PROJECTION,
    from: 'detached_parts',
    defaultOrder: 'database, table_name, partition_id, min_block, name',
    columns: [
      { name: 'database', type: 'String', sql: 'database' },
      { name: 'table', type: 'String', sql: 'table_name' },
      { name: 'partition_id', type: 'Nullable(String)', sql: 'partition_id' },
      { name: 'name', type: 'String', sql: 'name' },
      { name: 'disk', type: 'String', sql: 'disk' },
      { name: 'reason', type: 'Nullable(String)', sql: 'reason' },
      { name: 'min_block_number', type: 'Nullable(Int64)', sql: 'min_block' },
      { name: 'max_block_number', type: 'Nullable(Int64)', sql: 'max_block' },
      { name: 'level', type: 'Nullable(UInt32)', sql: 'level' },
      { name: 'bytes_on_disk', type: 'UInt64', sql: 'bytes_on_disk' },
      { name: 'modification_time', type: 'DateTime', sql: modificationTime('detached_at') },
    ],
  },
};
