import type { RecordedEvent } from '@engine/eventstore';
import type { ProjectionDefinition } from '@engine/kernel';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent } from '../domain';
import { tableOfStream } from './stream-table.parser';

export const FROZEN_PROJECTION = 'mergetree-frozen';

/** Backups made by FREEZE: name (or increment), time, and the parts they hold. */
export const frozenProjection: ProjectionDefinition = {
  name: FROZEN_PROJECTION,
  source: { file: __filename, exportName: 'frozenProjection' },
  version: 1,
  filter: { categories: ['mergetree'], eventTypes: ['PartitionFrozen', 'PartitionUnfrozen'] },
  open(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS backups (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, backup TEXT NOT NULL,
        increment INTEGER NOT NULL, partition_id TEXT, frozen_at TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, backup));
      CREATE TABLE IF NOT EXISTS backup_parts (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, backup TEXT NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, backup, name));
    `);
    const insertBackup = db.prepare('INSERT OR IGNORE INTO backups VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertPart = db.prepare('INSERT OR IGNORE INTO backup_parts VALUES (?, ?, ?, ?, ?)');
    const deletePart = db.prepare(
      'DELETE FROM backup_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ? AND name = ?',
    );
    const deleteBackup = db.prepare(
      'DELETE FROM backups WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ?',
    );
    const remaining = db.prepare(
      'SELECT COUNT(*) AS n FROM backup_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ?',
    );

    return {
      apply(recorded: RecordedEvent) {
        const { tenant, database, table } = tableOfStream(recorded.streamName);
        const event = recorded as unknown as MergeTreeEvent;
        if (event.type === 'PartitionFrozen') {
          const { backupName, increment, partitionId, partNames, frozenAt } = event.data;
          insertBackup.run(tenant, database, table, backupName, increment, partitionId, frozenAt);
          for (const name of partNames) insertPart.run(tenant, database, table, backupName, name);
        } else if (event.type === 'PartitionUnfrozen') {
          const { backupName, partitionId, partNames } = event.data;
          for (const name of partNames) deletePart.run(tenant, database, table, backupName, name);
          const { n } = remaining.get(tenant, database, table, backupName) as { n: number };
          // Same rule as evolve: a whole UNFREEZE, or one that empties the backup, removes it.
          if (partitionId === null || n === 0) deleteBackup.run(tenant, database, table, backupName);
        }
      },
    };
  },
};
