// Narrow imports: worker threads load this file to catch up (see ProjectionDefinition.source).
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import { Partition, partitionKey, TableEvent, TableInfo } from '../domain';

export const CATALOG_PARTITIONS = 'catalog-partitions';

/**
 * Partitions per table, ordered by their values: the sort key is the partition key (the values
 * as JSON), a total order that pages stably. Tables are found by their stream name, which
 * carries tenant, instance, catalog, database and table; partitions refer to the table's row
 * id so the index stays small (rows are ~1 KiB, hence a rowid table, not WITHOUT ROWID).
 */
export const catalogPartitionsProjection: ProjectionDefinition = {
  name: CATALOG_PARTITIONS,
  source: { file: __filename, exportName: 'catalogPartitionsProjection' },
  version: 1,
  filter: { categories: ['lftable'], eventTypes: ['TableCreated', 'PartitionsCreated', 'PartitionsDeleted'] },
  open(db) {
    db.exec(`
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
    `);
    const insertTable = db.prepare('INSERT INTO lf_tables (stream, info) VALUES (?, ?)');
    const tableId = db.prepare<[string], number>('SELECT id FROM lf_tables WHERE stream = ?').pluck();
    const insertPartition = db.prepare(`
      INSERT OR REPLACE INTO lf_partitions
        (table_id, sort_key, partition_id, location, create_time, last_access_time, parameters, storage_descriptor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const deletePartition = db.prepare('DELETE FROM lf_partitions WHERE table_id = ? AND sort_key = ?');
    const idOf = (stream: string) => {
      const id = tableId.get(stream);
      if (id === undefined) throw new Error(`partitions of ${stream} before its TableCreated`);
      return id;
    };

    return {
      apply(recorded) {
        const event = { type: recorded.type, data: recorded.data } as TableEvent;
        switch (event.type) {
          case 'TableCreated': {
            const { schemaVersion: _, ...info } = event.data;
            insertTable.run(recorded.streamName, JSON.stringify(info satisfies TableInfo));
            return;
          }
          case 'PartitionsCreated': {
            const id = idOf(recorded.streamName);
            for (const p of event.data.partitions) insertPartition.run(...partitionRow(id, p));
            return;
          }
          case 'PartitionsDeleted': {
            const id = idOf(recorded.streamName);
            for (const p of event.data.partitions) deletePartition.run(id, partitionKey(p.values));
            return;
          }
          default:
            assertNever(event);
        }
      },
    };
  },
};

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
