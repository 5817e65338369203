// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent, PartRecord } from '../domain';
import { partitionKeyExpression } from '../domain';
import { streamTables, type StreamTable } from './stream-table.parser';

export const PARTS_PROJECTION = 'mergetree-partitions';

/** How long ClickHouse keeps a merged-away part before removing it (MergeTree setting old_parts_lifetime). */
export const OLD_PARTS_LIFETIME_MS = 480_000;

const TABLES = `
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
`;

/**
 * Active parts per partition, as system.parts shows them, plus the tables (for the native GET)
 * and which parts some backup holds (system.parts.is_frozen). `inactive_parts` keeps the parts a
 * merge or mutation replaced, as system.parts shows them (active = 0) for old_parts_lifetime;
 * dropped, replaced and detached parts leave at once (they are removed without that timeout,
 * as a real server shows).
 */
export const partsProjection = defineProjection<MergeTreeEvent>()({
  name: PARTS_PROJECTION,
  source: { file: __filename, exportName: 'partsProjection' },
  version: 2,
  categories: ['mergetree'],
  tables: TABLES,
  prepare,
  // They change no active part: not handled, so not subscribed.
  ignores: [
    'DetachedPartsDropped',
    'PartitionForgotten',
    'PartitionMoveCompleted',
    'PartsFetched',
    'DetachedPartRegistered',
  ],
  on: {
    TableCreated({ definition, createdAt }, ctx) {
      const t = ctx.sql.tableOf(ctx.stream);
      ctx.sql.insertTable.run({
        tenant: t.tenant,
        database: t.database,
        table: t.table,
        engine: definition.engine,
        partitionKey: partitionKeyExpression(definition.partitionKey),
        orderBy: definition.orderBy,
        storagePolicy: definition.storagePolicy,
        createdAt,
      });
      // system.columns and DESCRIBE read the table's columns.
      const keyColumns = new Set(definition.partitionKey.map((e) => e.column));
      definition.columns.forEach((c, i) =>
        ctx.sql.insertColumn.run(
          t.tenant,
          t.database,
          t.table,
          c.name,
          c.type,
          i + 1,
          keyColumns.has(c.name) ? 1 : 0,
        ),
      );
    },
    PartAdded({ part }, { sql, stream }) {
      sql.add(sql.tableOf(stream), part);
    },
    PartsMerged({ sourceNames, part }, { sql, stream, time }) {
      const t = sql.tableOf(stream);
      for (const name of sourceNames) sql.outdated(t, name, time);
      sql.add(t, part);
    },
    PartsDetached({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const p of parts) sql.remove(t, p.name);
    },
    PartitionMoveStarted({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const p of parts) sql.remove(t, p.name);
    },
    PartsAttached({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const { detachedName, part } of parts) {
        sql.remove(t, detachedName);
        sql.add(t, part);
      }
    },
    PartsDropped({ names }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const name of names) sql.remove(t, name);
    },
    PartitionAttachedFrom({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const { part } of parts) sql.add(t, part);
    },
    MovedPartsReceived({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const { part } of parts) sql.add(t, part);
    },
    PartitionReplacedFrom({ partitionId, replacedNames, parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      // REPLACE drops the whole block range, outdated parts included, without the timeout.
      sql.forgetPartition.run(t.tenant, t.database, t.table, partitionId);
      for (const name of replacedNames) sql.remove(t, name);
      for (const { part } of parts) sql.add(t, part);
    },
    PartitionMoveAborted({ parts }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const part of parts) sql.add(t, part);
    },
    PartsMutated({ parts }, { sql, stream, time }) {
      const t = sql.tableOf(stream);
      for (const { fromName, part } of parts) {
        sql.outdated(t, fromName, time);
        sql.add(t, part);
      }
    },
    PartsMovedToDisk({ disk, names }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const name of names) sql.setDisk.run(disk, t.tenant, t.database, t.table, name);
    },
    PartitionFrozen({ backupName, partNames }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const name of partNames) sql.freeze.run(t.tenant, t.database, t.table, backupName, name);
    },
    PartitionUnfrozen({ backupName, partNames }, { sql, stream }) {
      const t = sql.tableOf(stream);
      for (const name of partNames) sql.unfreeze.run(t.tenant, t.database, t.table, backupName, name);
    },
  },
});

function prepare(db: Database.Database) {
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

  const remove = (t: StreamTable, name: string) => deletePart.run(t.tenant, t.database, t.table, name);
  return {
    tableOf: streamTables(),
    insertTable,
    insertColumn,
    forgetPartition,
    setDisk,
    freeze,
    unfreeze,
    // Named, not `...t`: spreading the cached table object made each insert twice as slow.
    add: (t: StreamTable, part: PartRecord) =>
      insertPart.run({ tenant: t.tenant, database: t.database, table: t.table, ...part }),
    remove,
    /** A merge or mutation outdates its sources: inactive until old_parts_lifetime has passed. */
    outdated(t: StreamTable, name: string, time: string) {
      const expired = new Date(Date.parse(time) - OLD_PARTS_LIFETIME_MS).toISOString();
      forgetOutdated.run(t.tenant, t.database, t.table, expired);
      outdate.run(time, t.tenant, t.database, t.table, name);
      remove(t, name);
    },
  };
}
