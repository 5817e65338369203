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

const text = (name: string, sql: string): SystemColumn => ({ name, type: 'String', sql });

/**
 * system.parts and system.detached_parts over the mergetree projections (BEHAVIOUR.md §2 State
 * views), and the catalogue tools probe first (BEHAVIOUR.md §6): system.databases, system.tables,
 * system.columns.
 */
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
  databases: {
    projection: PARTS_PROJECTION,
    // `default` and `system` always exist, as on a fresh server; the others hold tables.
    from: `(SELECT ? AS tenant, 'default' AS name, 'Atomic' AS engine
            UNION SELECT ?, 'system', 'Atomic'
            UNION SELECT DISTINCT tenant, database, 'Atomic' FROM tables) AS databases`,
    defaultOrder: 'name',
    columns: [
      text('name', 'name'),
      text('engine', 'engine'),
      text('data_path', "'/var/lib/clickhouse/store/'"),
      text('metadata_path', "''"),
      text('comment', "''"),
    ],
  },
  tables: {
    projection: PARTS_PROJECTION,
    from: 'tables',
    defaultOrder: 'database, table_name',
    columns: [
      text('database', 'database'),
      text('name', 'table_name'),
      text('engine', 'engine'),
      { name: 'is_temporary', type: 'UInt8', sql: '0' },
      { name: 'metadata_modification_time', type: 'DateTime', sql: modificationTime('created_at') },
      text('partition_key', 'partition_key'),
      text('sorting_key', 'order_by'),
      text('primary_key', 'order_by'),
      text('storage_policy', 'storage_policy'),
      text('comment', "''"),
    ],
  },
  columns: {
    projection: PARTS_PROJECTION,
    from: 'table_columns',
    defaultOrder: 'database, table_name, position',
    columns: [
      text('database', 'database'),
      text('table', 'table_name'),
      text('name', 'name'),
      text('type', 'type'),
      { name: 'position', type: 'UInt64', sql: 'position' },
      text('default_kind', "''"),
      text('default_expression', "''"),
      text('comment', "''"),
      { name: 'is_in_partition_key', type: 'UInt8', sql: 'in_partition_key' },
    ],
  },
};
