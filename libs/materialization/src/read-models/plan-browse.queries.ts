import type Database from 'better-sqlite3';

export interface PlanBrowseRow {
  ref: number;
  planId: string;
  name: string;
  refreshType: string;
  granularity: string;
  tableStatus: string;
  createdAt: string;
  updatedAt: string;
  materialized: number;
  cleared: number;
  failed: number;
}

/** A tenant's live plans in creation order, a page at a time, with their partition counts. */
export class PlanBrowseQueries {
  constructor(private readonly db: Database.Database) {}

  page(tenant: string, afterRef: number, limit: number): PlanBrowseRow[] {
    return this.db
      .prepare<[string, number, number], PlanBrowseRow>(
        `SELECT p.ref, p.plan_id AS planId, p.name, p.refresh_type AS refreshType, p.granularity,
           p.table_status AS tableStatus, p.created_at AS createdAt, p.updated_at AS updatedAt,
           (SELECT count(*) FROM partitions WHERE plan_ref = p.ref AND status = 'materialized') AS materialized,
           (SELECT count(*) FROM partitions WHERE plan_ref = p.ref AND status = 'cleared') AS cleared,
           (SELECT count(*) FROM partitions WHERE plan_ref = p.ref AND status = 'failed') AS failed
         FROM plans p WHERE p.tenant = ? AND p.status = 'active' AND p.ref > ? ORDER BY p.ref LIMIT ?`,
      )
      .all(tenant, afterRef, limit);
  }
}
