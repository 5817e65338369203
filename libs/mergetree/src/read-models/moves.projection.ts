import type { RecordedEvent } from '@engine/eventstore';
import type { ProjectionDefinition } from '@engine/kernel';
import type Database from 'better-sqlite3';
import type { MergeTreeEvent } from '../domain';
import { tableOfStream } from './stream-table.parser';

export const MOVES_PROJECTION = 'mergetree-pending-moves';

/** MOVE PARTITION TO TABLE processes started and not yet closed: what recovery completes after a crash. */
export const movesProjection: ProjectionDefinition = {
  name: MOVES_PROJECTION,
  source: { file: __filename, exportName: 'movesProjection' },
  version: 1,
  filter: {
    categories: ['mergetree'],
    eventTypes: ['PartitionMoveStarted', 'PartitionMoveCompleted', 'PartitionMoveAborted'],
  },
  open(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS pending_moves (
      tenant TEXT NOT NULL, database TEXT NOT NULL, table_name TEXT NOT NULL, move_id TEXT NOT NULL,
      correlation_id TEXT NOT NULL, event_id TEXT NOT NULL,
      PRIMARY KEY (tenant, database, table_name, move_id))`);
    const insert = db.prepare('INSERT OR IGNORE INTO pending_moves VALUES (?, ?, ?, ?, ?, ?)');
    const remove = db.prepare(
      'DELETE FROM pending_moves WHERE tenant = ? AND database = ? AND table_name = ? AND move_id = ?',
    );
    return {
      apply(recorded: RecordedEvent) {
        const { tenant, database, table } = tableOfStream(recorded.streamName);
        const event = recorded as unknown as MergeTreeEvent;
        if (event.type === 'PartitionMoveStarted') {
          insert.run(
            tenant,
            database,
            table,
            event.data.moveId,
            recorded.metadata.correlationId,
            recorded.id,
          );
        } else if (event.type === 'PartitionMoveCompleted' || event.type === 'PartitionMoveAborted') {
          remove.run(tenant, database, table, event.data.moveId);
        }
      },
    };
  },
};
