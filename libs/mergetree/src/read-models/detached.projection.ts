// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { DetachedPartRecord, MergeTreeEvent } from '../domain';
import { streamTables, type StreamTable } from './stream-table.parser';

export const DETACHED_PROJECTION = 'mergetree-detached';

const TABLES = `
  CREATE TABLE IF NOT EXISTS detached_parts (
    tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL,
    partition_id TEXT NOT NULL, min_block INTEGER NOT NULL, max_block INTEGER NOT NULL, level INTEGER NOT NULL,
    rows INTEGER NOT NULL, bytes_on_disk INTEGER NOT NULL, disk TEXT NOT NULL, detached_at TEXT NOT NULL,
    PRIMARY KEY (tenant, database, table_name, name));
  CREATE INDEX IF NOT EXISTS detached_by_partition ON detached_parts (tenant, database, table_name, partition_id);
`;

/** The detached directory of every table, as system.detached_parts shows it. */
export const detachedProjection = defineProjection<MergeTreeEvent>()({
  name: DETACHED_PROJECTION,
  source: { file: __filename, exportName: 'detachedProjection' },
  version: 1,
  categories: ['mergetree'],
  tables: TABLES,
  prepare,
  on: {
    PartsDetached({ parts, detachedAs, detachedAt }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const part of parts)
        sql.add(t, { name: detachedAs?.[part.name] ?? part.name, reason: '', part }, detachedAt);
    },
    PartsAttached({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const { detachedName } of parts) sql.remove(t, detachedName);
    },
    DetachedPartsDropped({ names }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const name of names) sql.remove(t, name);
    },
    PartsFetched({ parts }, { sql, stream, time }) {
      const t = sql.tableOf(stream);
      for (const d of parts) sql.add(t, d, time);
    },
    DetachedPartRegistered({ detached }, { sql, stream, time }) {
      sql.add(sql.tableOf(stream), detached, time);
    },
  },
});

function prepare(db: Database.Database) {
  const insert =
    db.prepare(`INSERT OR REPLACE INTO detached_parts VALUES (@tenant, @database, @table, @name, @reason,
    @partitionId, @minBlock, @maxBlock, @level, @rows, @bytesOnDisk, @disk, @detachedAt)`);
  const remove = db.prepare(
    'DELETE FROM detached_parts WHERE tenant = ? AND database = ? AND table_name = ? AND name = ?',
  );
  return {
    tableOf: streamTables(),
    add: (t: StreamTable, d: DetachedPartRecord, detachedAt: string) =>
      insert.run({
        tenant: t.tenant,
        database: t.database,
        table: t.table,
        ...d.part,
        name: d.name,
        reason: d.reason,
        detachedAt,
      }),
    remove: (t: StreamTable, name: string) => remove.run(t.tenant, t.database, t.table, name),
  };
}
