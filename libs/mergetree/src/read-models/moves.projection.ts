// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent } from '../domain';
import { streamTables, type StreamTable } from './stream-table.parser';

export const MOVES_PROJECTION = 'mergetree-pending-moves';

const TABLES = `CREATE TABLE IF NOT EXISTS pending_moves (
  tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, move_id TEXT NOT NULL,
  correlation_id TEXT NOT NULL, event_id TEXT NOT NULL,
  PRIMARY KEY (tenant, database, table_name, move_id))`;

/** MOVE PARTITION TO TABLE processes started and not yet closed: what recovery completes after a crash. */
export const movesProjection = defineProjection<MergeTreeEvent>()({
  name: MOVES_PROJECTION,
  source: { file: __filename, exportName: 'movesProjection' },
  version: 1,
  categories: ['mergetree'],
  tables: TABLES,
  prepare,
  on: {
    PartitionMoveStarted({ moveId }, { sql, stream, event }) {
      const { tenant, database, table } = sql.tableOf(stream);
      sql.insert.run(tenant, database, table, moveId, event.metadata.correlationId, event.id);
    },
    PartitionMoveCompleted({ moveId }, { sql, stream }) {
      sql.close(sql.tableOf(stream), moveId);
    },
    PartitionMoveAborted({ moveId }, { sql, stream }) {
      sql.close(sql.tableOf(stream), moveId);
    },
  },
});

function prepare(db: Database.Database) {
  const remove = db.prepare(
    'DELETE FROM pending_moves WHERE tenant = ? AND database = ? AND table_name = ? AND move_id = ?',
  );
  return {
    tableOf: streamTables(),
    insert: db.prepare('INSERT OR IGNORE INTO pending_moves VALUES (?, ?, ?, ?, ?, ?)'),
    close: (t: StreamTable, moveId: string) => remove.run(t.tenant, t.database, t.table, moveId),
  };
}
