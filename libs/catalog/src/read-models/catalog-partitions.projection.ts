// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import { Partition, partitionKey, TableEvent, TableInfo } from '../domain';

export const CATALOG_PARTITIONS = 'catalog-partitions';

const TABLES = `
  CREATE TABLE IF NOT EXISTS lf_tables (
    id INTEGER PRIMARY KEY,
    stream TEXT NOT NULL UNIQUE,
    info TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS lf_partitions (
    table_id INTEGER NOT NULL,
    sort_key TEXT NOT NULL,
    partition_id TEXT NOT NULL,
    location TEXT,
    create_time TEXT NOT NULL,
    last_access_time TEXT NOT NULL,
    parameters TEXT NOT NULL,
    storage_descriptor TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS lf_partitions_by_values ON lf_partitions (table_id, sort_key);
`;

/**
 * Partitions per table, ordered by their values: the sort key is the partition key (the values
 * as JSON), a total order that pages stably. Tables are found by their stream name, which
 * carries tenant, instance, catalog, database and table; partitions refer to the table's row
 * id so the index stays small (rows are ~1 KiB, hence a rowid table, not WITHOUT ROWID).
 */
export const catalogPartitionsProjection = defineProjection<TableEvent>()({
  name: CATALOG_PARTITIONS,
  source: { file: __filename, exportName: 'catalogPartitionsProjection' },
  version: 1,
  categories: ['lftable'],
  tables: TABLES,
  prepare,
  ignores: [], // reads every type of its union: a new one must be handled here
  on: {
    TableCreated({ schemaVersion: _, ...info }, { sql, stream }) {
      sql.insertTable.run(stream, JSON.stringify(info satisfies TableInfo));
    },
    PartitionsCreated({ partitions }, { sql, stream }) {
      const id = sql.idOf(stream);
      for (const p of partitions) sql.insertPartition.run(...partitionRow(id, p));
    },
    PartitionsDeleted({ partitions }, { sql, stream }) {
      const id = sql.idOf(stream);
      for (const p of partitions) sql.deletePartition.run(id, partitionKey(p.values));
    },
  },
});

function prepare(db: Database.Database) {
  const tableId = db.prepare<[string], number>('SELECT id FROM lf_tables WHERE stream = ?').pluck();
  return {
    insertTable: db.prepare('INSERT INTO lf_tables (stream, info) VALUES (?, ?)'),
    insertPartition: db.prepare(`
      INSERT OR REPLACE INTO lf_partitions
        (table_id, sort_key, partition_id, location, create_time, last_access_time, parameters, storage_descriptor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    deletePartition: db.prepare('DELETE FROM lf_partitions WHERE table_id = ? AND sort_key = ?'),
    idOf(stream: string): number {
      const id = tableId.get(stream);
      if (id === undefined) throw new Error(`partitions of ${stream} before its TableCreated`);
      return id;
    },
  };
}

function partitionRow(tableId: number, p: Partition) {
  return [
    tableId,
    partitionKey(p.values),
    p.partitionId,
    p.storage.location ?? null,
    p.createTime,
    p.lastAccessTime,
    JSON.stringify(p.parameters),
    JSON.stringify(p.storage),
  ] as const;
}
