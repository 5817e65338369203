import type { RecordedEvent } from '@engine/eventstore';
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent, PartRecord } from '../domain';
import { partitionKeyExpression } from '../domain';
import { tableOfStream } from './stream-table.parser';

export const PARTS_PROJECTION = 'mergetree-partitions';

/** How long ClickHouse keeps a merged-away part before removing it (MergeTree setting old_parts_lifetime). */
export const OLD_PARTS_LIFETIME_MS = 480_000;

/**
 * Active parts per partition, as system.parts shows them, plus the tables (for the native GET)
 * and which parts some backup holds (system.parts.is_frozen). `inactive_parts` keeps the parts a
 * merge or mutation replaced, as system.parts shows them (active = 0) for old_parts_lifetime;
 * dropped, replaced and detached parts leave at once (they are removed without that timeout,
 * as a real server shows).
 */
export const partsProjection: ProjectionDefinition = {
  name: PARTS_PROJECTION,
  source: { file: __filename, exportName: 'partsProjection' },
  version: 2,
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
      CREATE TABLE IF NOT EXISTS table_columns (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, name TEXT NOT NULL,
        type TEXT NOT NULL, position INTEGER NOT NULL, in_partition_key INTEGER NOT NULL,
        PRIMARY KEY (tenant, database, table_name, name));
      CREATE TABLE IF NOT EXISTS inactive_parts (
        tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, name TEXT NOT NULL,
        partition_id TEXT NOT NULL, partition TEXT NOT NULL, min_block INTEGER NOT NULL, max_block INTEGER NOT NULL,
        level INTEGER NOT NULL, mutation INTEGER NOT NULL, rows INTEGER NOT NULL, bytes_on_disk INTEGER NOT NULL,
        disk TEXT NOT NULL, modified_at TEXT NOT NULL, removed_at TEXT NOT NULL,
        PRIMARY KEY (tenant, database, table_name, name));
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
    const insertColumn = db.prepare('INSERT OR REPLACE INTO table_columns VALUES (?, ?, ?, ?, ?, ?, ?)');
    const outdate = db.prepare(
      `INSERT OR REPLACE INTO inactive_parts SELECT *, ? FROM parts
       WHERE tenant = ? AND database = ? AND table_name = ? AND name = ?`,
    );
    const forgetOutdated = db.prepare(
      'DELETE FROM inactive_parts WHERE tenant = ? AND database = ? AND table_name = ? AND removed_at < ?',
    );
    const forgetPartition = db.prepare(
      'DELETE FROM inactive_parts WHERE tenant = ? AND database = ? AND table_name = ? AND partition_id = ?',
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
        // A merge or mutation outdates its sources: inactive until old_parts_lifetime has passed.
        const occurredAt = recorded.metadata.occurredAt;
        const outdated = (name: string) => {
          const expired = new Date(Date.parse(occurredAt) - OLD_PARTS_LIFETIME_MS).toISOString();
          forgetOutdated.run(...key, expired);
          outdate.run(occurredAt, ...key, name);
          remove(name);
        };
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
            // system.columns and DESCRIBE read the table's columns.
            const keyColumns = new Set(definition.partitionKey.map((e) => e.column));
            definition.columns.forEach((c, i) =>
              insertColumn.run(...key, c.name, c.type, i + 1, keyColumns.has(c.name) ? 1 : 0),
            );
            return;
          }
          case 'PartAdded':
            return void add(event.data.part);
          case 'PartsMerged':
            event.data.sourceNames.forEach(outdated);
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
            // REPLACE drops the whole block range, outdated parts included, without the timeout.
            forgetPartition.run(...key, event.data.partitionId);
            event.data.replacedNames.forEach(remove);
            return event.data.parts.forEach(({ part }) => add(part));
          case 'PartitionMoveAborted':
            return event.data.parts.forEach(add);
          case 'PartsMutated':
            return event.data.parts.forEach(({ fromName, part }) => (outdated(fromName), add(part)));
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
