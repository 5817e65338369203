// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent } from '../domain';
import { streamTables } from './stream-table.parser';

export const FROZEN_PROJECTION = 'mergetree-frozen';

const TABLES = `
  CREATE TABLE IF NOT EXISTS backups (
    tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, backup TEXT NOT NULL,
    increment INTEGER NOT NULL, partition_id TEXT, frozen_at TEXT NOT NULL,
    PRIMARY KEY (tenant, database, table_name, backup));
  CREATE TABLE IF NOT EXISTS backup_parts (
    tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, backup TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (tenant, database, table_name, backup, name));
`;

/** Backups made by FREEZE: name (or increment), time, and the parts they hold. */
export const frozenProjection = defineProjection<MergeTreeEvent>()({
  name: FROZEN_PROJECTION,
  source: { file: __filename, exportName: 'frozenProjection' },
  version: 1,
  categories: ['mergetree'],
  tables: TABLES,
  prepare,
  on: {
    PartitionFrozen({ backupName, increment, partitionId, partNames, frozenAt }, { sql, stream }) {
      const { tenant, database, table } = sql.tableOf(stream);
      sql.insertBackup.run(tenant, database, table, backupName, increment, partitionId, frozenAt);
      for (const name of partNames) sql.insertPart.run(tenant, database, table, backupName, name);
    },
    PartitionUnfrozen({ backupName, partitionId, partNames }, { sql, stream }) {
      const { tenant, database, table } = sql.tableOf(stream);
      for (const name of partNames) sql.deletePart.run(tenant, database, table, backupName, name);
      const n = sql.remaining.get(tenant, database, table, backupName);
      // Same rule as evolve: a whole UNFREEZE, or one that empties the backup, removes it.
      if (partitionId === null || n === 0) sql.deleteBackup.run(tenant, database, table, backupName);
    },
  },
});

function prepare(db: Database.Database) {
  return {
    tableOf: streamTables(),
    insertBackup: db.prepare('INSERT OR IGNORE INTO backups VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertPart: db.prepare('INSERT OR IGNORE INTO backup_parts VALUES (?, ?, ?, ?, ?)'),
    deletePart: db.prepare(
      'DELETE FROM backup_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ? AND name = ?',
    ),
    deleteBackup: db.prepare(
      'DELETE FROM backups WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ?',
    ),
    remaining: db
      .prepare<[string, string, string, string], number>(
        'SELECT COUNT(*) FROM backup_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ?',
      )
      .pluck(),
  };
}
