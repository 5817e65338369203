import { ProjectionRegistry } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import { MOVES_PROJECTION } from './moves.projection';

export interface PendingMove {
  tenant: string;
  database: string;
  table: string;
  moveId: string;
  correlationId: string;
  eventId: string;
}

/** MOVE PARTITION TO TABLE processes whose source has not recorded the end yet. */
@Injectable()
export class PendingMovesReader {
  constructor(private readonly projections: ProjectionRegistry) {}

  list(): PendingMove[] {
    return this.projections
      .database(MOVES_PROJECTION)
      .prepare(
        `SELECT tenant, database, table_name AS "table", move_id AS moveId, correlation_id AS correlationId, event_id AS eventId
         FROM pending_moves ORDER BY tenant, database, table_name, move_id`,
      )
      .all() as PendingMove[];
  }
}
