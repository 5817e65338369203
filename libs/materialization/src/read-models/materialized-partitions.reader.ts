import { ProjectionRegistry } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { Granularity, PartitionStatus, RefreshType, TableStatus } from '../domain';
import { MATERIALIZED_PARTITIONS } from './materialized-partitions.projection';

export interface PlanRow {
  /** The projection's own key for the plan. */
  ref: number;
  planId: string;
  name: string;
  refreshType: RefreshType;
  granularity: Granularity;
  status: 'active' | 'deleted';
  tableStatus: TableStatus;
  createdAt: string;
  updatedAt: string;
  eventId: string;
  position: string;
}

export interface PartitionRow {
  key: string;
  status: PartitionStatus;
  eventId: string;
  eventType: string;
  position: string;
  updatedAt: string;
}

const PLAN_QUERY = `SELECT p.ref, p.plan_id AS planId, p.name, p.refresh_type AS refreshType, p.granularity, p.status,
  p.table_status AS tableStatus, p.created_at AS createdAt, p.updated_at AS updatedAt, e.event_id AS eventId,
  e.position FROM plans p JOIN events e ON e.ref = p.event_ref WHERE p.tenant = ?`;
const PARTITIONS_QUERY = `SELECT p.partition_key AS key, p.status, e.event_id AS eventId, e.event_type AS eventType,
  e.position, e.at AS updatedAt FROM partitions p JOIN events e ON e.ref = p.event_ref WHERE p.plan_ref = ?`;

/** Reads the `materialized-partitions` projection, always scoped to one tenant. */
@Injectable()
export class MaterializedPartitionsReader {
  // Statements belong to the live database, which a rebuild may switch: prepare per database.
  private prepared?: { db: unknown; plan: Statement; list: Statement; between: Statement; all: Statement };

  constructor(private readonly projections: ProjectionRegistry) {}

  plan(tenant: string, planId: string): PlanRow | undefined {
    return this.statements().plan.get(tenant, planId) as PlanRow | undefined;
  }

  /** The tenant's plans that are not deleted, oldest first. */
  plans(tenant: string): PlanRow[] {
    return this.statements().list.all(tenant) as PlanRow[];
  }

  /** Recorded partitions with keys in [firstKey, lastKey], ascending. */
  partitionsBetween(plan: PlanRow, firstKey: string, lastKey: string): PartitionRow[] {
    return this.statements().between.all(plan.ref, firstKey, lastKey) as PartitionRow[];
  }

  partitions(plan: PlanRow): PartitionRow[] {
    return this.statements().all.all(plan.ref) as PartitionRow[];
  }

  private statements() {
    const db = this.projections.database(MATERIALIZED_PARTITIONS);
    if (this.prepared?.db !== db) {
      this.prepared = {
        db,
        plan: db.prepare(`${PLAN_QUERY} AND p.plan_id = ?`),
        list: db.prepare(`${PLAN_QUERY} AND p.status = 'active' ORDER BY p.ref`),
        between: db.prepare(
          `${PARTITIONS_QUERY} AND p.partition_key BETWEEN ? AND ? ORDER BY p.partition_key`,
        ),
        all: db.prepare(`${PARTITIONS_QUERY} ORDER BY p.partition_key`),
      };
    }
    return this.prepared;
  }
}
