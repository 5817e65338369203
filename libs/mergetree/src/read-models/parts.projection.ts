import type { RecordedEvent } from '@engine/eventstore';
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent, PartRecord } from '../domain';
import { partitionKeyExpression } from '../domain';
import { tableOfStream } from './stream-table.parser';

export const PARTS_PROJECTION = 'mergetree-partitions';

/**
 * Active parts per partition, as system.parts shows them, plus the tables (for the native GET)
 * and which parts some backup holds (system.parts.is_frozen).
 */
export const partsProjection: ProjectionDefinition = {
  name: PARTS_PROJECTION,
  source: { file: __filename, exportName: 'partsProjection' },
  version: 1,
  filter: { categories: ['mergetree'] },
  open(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS tables (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL,
        engine TEXT NOT NULL, partition_key TEXT NOT NULL, order_by TEXT NOT NULL, storage_policy TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name));
      CREATE TABLE IF NOT EXISTS parts (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, name TEXT NOT NULL,
        partition_id TEXT NOT NULL, partition TEXT NOT NULL, min_block INTEGER NOT NULL, max_block INTEGER NOT NULL,
        level INTEGER NOT NULL, mutation INTEGER NOT NULL, rows INTEGER NOT NULL, bytes_on_disk INTEGER NOT NULL,
        disk TEXT NOT NULL, modified_at TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, name));
      CREATE INDEX IF NOT EXISTS parts_by_partition ON parts (tenant, database, table_name, partition_id);
      CREATE TABLE IF NOT EXISTS frozen_parts (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, backup TEXT NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, name, backup));
    `);
    const insertTable = db.prepare(
      'INSERT OR REPLACE INTO tables VALUES (@tenant, @database, @table, @engine, @partitionKey, @orderBy, @storagePolicy, @createdAt)',
    );
    const insertPart =
      db.prepare(`INSERT OR REPLACE INTO parts VALUES (@tenant, @database, @table, @name, @partitionId, @partition,
      @minBlock, @maxBlock, @level, @mutation, @rows, @bytesOnDisk, @disk, @modifiedAt)`);
    const deletePart = db.prepare(
      'DELETE FROM parts WHERE tenant = ? AND database = ? AND table_name = ? AND name = ?',
    );
    const setDisk = db.prepare(
      'UPDATE parts SET disk = ? WHERE tenant = ? AND database = ? AND table_name = ? AND name = ?',
    );
    const freeze = db.prepare('INSERT OR IGNORE INTO frozen_parts VALUES (?, ?, ?, ?, ?)');
    const unfreeze = db.prepare(
      'DELETE FROM frozen_parts WHERE tenant = ? AND database = ? AND table_name = ? AND backup = ? AND name = ?',
    );

    return {
      apply(recorded: RecordedEvent) {
        const { tenant, database, table } = tableOfStream(recorded.streamName);
        const key = [tenant, database, table] as const;
        const add = (part: PartRecord) => insertPart.run({ tenant, database, table, ...part });
        const remove = (name: string) => deletePart.run(...key, name);
        const event = recorded as unknown as MergeTreeEvent;
        switch (event.type) {
          case 'TableCreated': {
            const { definition, createdAt } = event.data;
            insertTable.run({
              tenant,
              database,
              table,
              engine: definition.engine,
              partitionKey: partitionKeyExpression(definition.partitionKey),
              orderBy: definition.orderBy,
              storagePolicy: definition.storagePolicy,
              createdAt,
            });
            return;
          }
          case 'PartAdded':
            return void add(event.data.part);
          case 'PartsMerged':
            event.data.sourceNames.forEach(remove);
            return void add(event.data.part);
          case 'PartsDetached':
          case 'PartitionMoveStarted':
            return event.data.parts.forEach((p) => remove(p.name));
          case 'PartsAttached':
            return event.data.parts.forEach(({ detachedName, part }) => (remove(detachedName), add(part)));
          case 'PartsDropped':
            return event.data.names.forEach(remove);
          case 'PartitionAttachedFrom':
          case 'MovedPartsReceived':
            return event.data.parts.forEach(({ part }) => add(part));
          case 'PartitionReplacedFrom':
            event.data.replacedNames.forEach(remove);
            return event.data.parts.forEach(({ part }) => add(part));
          case 'PartitionMoveAborted':
            return event.data.parts.forEach(add);
          case 'PartsMutated':
            return event.data.parts.forEach(({ fromName, part }) => (remove(fromName), add(part)));
          case 'PartsMovedToDisk':
            return event.data.names.forEach((name) => setDisk.run(event.data.disk, ...key, name));
          case 'PartitionFrozen':
            return event.data.partNames.forEach((name) => freeze.run(...key, event.data.backupName, name));
          case 'PartitionUnfrozen':
            return event.data.partNames.forEach((name) => unfreeze.run(...key, event.data.backupName, name));
          case 'DetachedPartsDropped':
          case 'PartitionForgotten':
          case 'PartitionMoveCompleted':
          case 'PartsFetched':
          case 'DetachedPartRegistered':
            return;
          default:
            return assertNever(event);
        }
      },
    };
  },
};
