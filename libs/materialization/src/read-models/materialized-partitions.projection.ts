import type { RecordedEvent } from '@engine/eventstore';
import { parseStreamName } from '@engine/eventstore/stream-name';
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import { PLAN_EVENT_TYPES, PlanEvent } from '../domain';

export const MATERIALIZED_PARTITIONS = 'materialized-partitions';

/**
 * Per plan and partition key: its state and the event that set it. Partitions never
 * materialized have no row. A deleted plan keeps its row (status 'deleted') but loses its
 * partitions; the history stays in the event store.
 */
export const materializedPartitionsProjection: ProjectionDefinition = {
  name: MATERIALIZED_PARTITIONS,
  source: { file: __filename, exportName: 'materializedPartitionsProjection' },
  version: 1,
  filter: { categories: ['matplan'], eventTypes: PLAN_EVENT_TYPES },
  open(db) {
    // Partition rows stay small (plan ref, key, status, event ref): a backfill touches hundreds.
    db.exec(`
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
    `);
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

    return {
      apply(recorded: RecordedEvent) {
        const event = { type: recorded.type, data: recorded.data } as PlanEvent;
        const tenant = parseStreamName(recorded.streamName)?.tenant ?? recorded.metadata.tenant;
        const at = 'at' in event.data ? event.data.at : event.data.createdAt;
        const eventRef = Number(
          insertEvent.run(recorded.id, recorded.type, recorded.position.toString(), at).lastInsertRowid,
        );
        let known: number | undefined;
        const ref = () => {
          if (known !== undefined) return known;
          const plan = planRef.get(tenant, event.data.planId);
          if (!plan) throw new Error(`${event.type} for unknown plan ${tenant}/${event.data.planId}`);
          return (known = plan.ref);
        };
        const touch = (status: string | null = null, table: string | null = null) =>
          touchPlan.run(status, table, at, eventRef, ref());
        const setAll = (keys: string[], status: string) => {
          upsertPartitions.run(ref(), status, eventRef, JSON.stringify(keys));
          touch();
        };
        switch (event.type) {
          case 'MaterializationPlanCreated':
            insertPlan.run({ tenant, ...event.data, eventRef });
            return;
          case 'PartitionsBackfilled':
            return setAll(event.data.partitions, 'materialized');
          case 'PartitionsBackfillFailed':
            return setAll(event.data.partitions, 'failed');
          case 'PartitionsCleared':
            return setAll(event.data.partitions, 'cleared');
          case 'MaterializationPlanCleared':
            replaceStatus.run('cleared', eventRef, ref(), 'materialized', 'materialized');
            return touch(null, 'cleared');
          case 'MaterializationPlanRefreshed':
            replaceStatus.run('materialized', eventRef, ref(), 'cleared', 'failed');
            return touch(null, 'materialized');
          case 'MaterializationPlanDeleted':
            deletePartitions.run(ref());
            return touch('deleted');
          default:
            return assertNever(event);
        }
      },
    };
  },
};
