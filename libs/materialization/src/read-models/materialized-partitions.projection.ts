// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection, type ProjectionContext } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { PlanEvent } from '../domain';

export const MATERIALIZED_PARTITIONS = 'materialized-partitions';

// Partition rows stay small (plan ref, key, status, event ref): a backfill touches hundreds.
const TABLES = `
  CREATE TABLE IF NOT EXISTS plans (
    ref INTEGER PRIMARY KEY, tenant TEXT NOT NULL, plan_id TEXT NOT NULL, name TEXT NOT NULL,
    refresh_type TEXT NOT NULL, granularity TEXT NOT NULL, status TEXT NOT NULL, table_status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, event_ref INTEGER NOT NULL,
    UNIQUE (tenant, plan_id));
  CREATE TABLE IF NOT EXISTS events (
    ref INTEGER PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL, position TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS partitions (
    plan_ref INTEGER NOT NULL, partition_key TEXT NOT NULL, status TEXT NOT NULL, event_ref INTEGER NOT NULL,
    PRIMARY KEY (plan_ref, partition_key)) WITHOUT ROWID;
`;

/**
 * Per plan and partition key: its state and the event that set it. Partitions never
 * materialized have no row. A deleted plan keeps its row (status 'deleted') but loses its
 * partitions; the history stays in the event store.
 */
export const materializedPartitionsProjection = defineProjection<PlanEvent>()({
  name: MATERIALIZED_PARTITIONS,
  source: { file: __filename, exportName: 'materializedPartitionsProjection' },
  version: 1,
  categories: ['matplan'],
  tables: TABLES,
  prepare,
  ignores: [], // reads every type of its union: a new one must be handled here
  on: {
    MaterializationPlanCreated(data, ctx) {
      const eventRef = ctx.sql.record(ctx, data.createdAt);
      ctx.sql.insertPlan.run({ tenant: ctx.tenant, ...data, eventRef });
    },
    PartitionsBackfilled(data, ctx) {
      ctx.sql.setAll(ctx, data, 'materialized');
    },
    PartitionsBackfillFailed(data, ctx) {
      ctx.sql.setAll(ctx, data, 'failed');
    },
    PartitionsCleared(data, ctx) {
      ctx.sql.setAll(ctx, data, 'cleared');
    },
    MaterializationPlanCleared({ planId, at }, ctx) {
      const { sql } = ctx;
      const eventRef = sql.record(ctx, at);
      const ref = sql.planRef(ctx, planId);
      sql.replaceStatus.run('cleared', eventRef, ref, 'materialized', 'materialized');
      sql.touchPlan.run(null, 'cleared', at, eventRef, ref);
    },
    MaterializationPlanRefreshed({ planId, at }, ctx) {
      const { sql } = ctx;
      const eventRef = sql.record(ctx, at);
      const ref = sql.planRef(ctx, planId);
      sql.replaceStatus.run('materialized', eventRef, ref, 'cleared', 'failed');
      sql.touchPlan.run(null, 'materialized', at, eventRef, ref);
    },
    MaterializationPlanDeleted({ planId, at }, ctx) {
      const { sql } = ctx;
      const eventRef = sql.record(ctx, at);
      const ref = sql.planRef(ctx, planId);
      sql.deletePartitions.run(ref);
      sql.touchPlan.run('deleted', null, at, eventRef, ref);
    },
  },
});

/** What the helpers read of a handler's context (not the statements, which they are part of). */
type Context = Pick<ProjectionContext<unknown>, 'event' | 'tenant'>;

function prepare(db: Database.Database) {
  const insertEvent = db.prepare<[string, string, string, string]>(
    'INSERT INTO events (event_id, event_type, position, at) VALUES (?, ?, ?, ?)',
  );
  const insertPlan = db.prepare(
    `INSERT INTO plans (tenant, plan_id, name, refresh_type, granularity, status, table_status, created_at, updated_at, event_ref)
     VALUES (@tenant, @planId, @name, @refreshType, @granularity, 'active', 'never', @createdAt, @createdAt, @eventRef)`,
  );
  const planRef = db.prepare<[string, string], { ref: number }>(
    'SELECT ref FROM plans WHERE tenant = ? AND plan_id = ?',
  );
  const touchPlan = db.prepare<[string | null, string | null, string, number, number]>(
    `UPDATE plans SET status = coalesce(?, status), table_status = coalesce(?, table_status), updated_at = ?,
       event_ref = ? WHERE ref = ?`,
  );
  // One statement per event, however many partitions it lists.
  const upsertPartitions = db.prepare<[number, string, number, string]>(
    `INSERT INTO partitions (plan_ref, partition_key, status, event_ref) SELECT ?, value, ?, ? FROM json_each(?) WHERE true
     ON CONFLICT (plan_ref, partition_key) DO UPDATE SET status = excluded.status, event_ref = excluded.event_ref`,
  );
  const replaceStatus = db.prepare<[string, number, number, string, string]>(
    'UPDATE partitions SET status = ?, event_ref = ? WHERE plan_ref = ? AND status IN (?, ?)',
  );
  const deletePartitions = db.prepare<[number]>('DELETE FROM partitions WHERE plan_ref = ?');

  /** Every row points at the event that set it: the event is recorded first; returns its ref. */
  const record = ({ event }: Context, at: string): number =>
    Number(insertEvent.run(event.id, event.type, event.position.toString(), at).lastInsertRowid);
  const refOf = (ctx: Context, planId: string): number => {
    const plan = planRef.get(ctx.tenant, planId);
    if (!plan) throw new Error(`${ctx.event.type} for unknown plan ${ctx.tenant}/${planId}`);
    return plan.ref;
  };
  return {
    insertPlan,
    touchPlan,
    replaceStatus,
    deletePartitions,
    record,
    planRef: refOf,
    setAll(ctx: Context, data: { planId: string; partitions: string[]; at: string }, status: string): void {
      const eventRef = record(ctx, data.at);
      const ref = refOf(ctx, data.planId);
      upsertPartitions.run(ref, status, eventRef, JSON.stringify(data.partitions));
      touchPlan.run(null, null, data.at, eventRef, ref);
    },
  };
}
