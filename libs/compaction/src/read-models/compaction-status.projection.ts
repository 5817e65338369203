import type { RecordedEvent } from '@engine/eventstore';
import { parseStreamName } from '@engine/eventstore/stream-name';
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import type Database from 'better-sqlite3';
import {
  byStartVersion,
  TABLET_EVENT_TYPES,
  type CompactionType,
  type Rowset,
  type TabletEvent,
} from '../domain';

export const COMPACTION_STATUS = 'compaction-status';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tablets (
    tenant TEXT NOT NULL, tablet_id INTEGER NOT NULL, table_id INTEGER NOT NULL, schema_hash INTEGER NOT NULL,
    cumulative_point INTEGER NOT NULL, rowsets TEXT NOT NULL,
    running_id TEXT, running_type TEXT, triggered_at TEXT, started_at TEXT,
    last_base_success TEXT, last_cumulative_success TEXT, last_full_success TEXT,
    last_base_failure TEXT, last_cumulative_failure TEXT, last_full_failure TEXT,
    PRIMARY KEY (tenant, tablet_id)
  );
  CREATE INDEX IF NOT EXISTS tablets_by_table ON tablets (tenant, table_id);
  CREATE INDEX IF NOT EXISTS tablets_running ON tablets (running_id) WHERE running_id IS NOT NULL;
  CREATE TABLE IF NOT EXISTS compactions (
    tenant TEXT NOT NULL, tablet_id INTEGER NOT NULL, compaction_id TEXT NOT NULL, seq INTEGER NOT NULL,
    compaction_type TEXT NOT NULL, status TEXT NOT NULL, input_rowset_ids TEXT NOT NULL,
    output TEXT, cumulative_point_after INTEGER, reason TEXT,
    triggered_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, source TEXT NOT NULL,
    PRIMARY KEY (tenant, tablet_id, compaction_id)
  );
  CREATE INDEX IF NOT EXISTS compactions_by_tablet ON compactions (tenant, tablet_id, seq);
  CREATE INDEX IF NOT EXISTS compactions_open ON compactions (status) WHERE status IN ('triggered', 'running');
  CREATE TABLE IF NOT EXISTS applied (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL);
`;

/** Every event of the `tablet` category is a TabletEvent: the stream category is the contract. */
function asTabletEvent(event: RecordedEvent): TabletEvent {
  if (!(TABLET_EVENT_TYPES as readonly string[]).includes(event.type)) {
    throw new Error(`unknown tablet event type ${event.type}`);
  }
  return { type: event.type, data: event.data } as TabletEvent;
}

function open(db: Database.Database) {
  db.exec(SCHEMA);
  const insertTablet = db.prepare(
    `INSERT INTO tablets (tenant, tablet_id, table_id, schema_hash, cumulative_point, rowsets)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const rowsetsOf = db.prepare<[string, number], { rowsets: string }>(
    'SELECT rowsets FROM tablets WHERE tenant = ? AND tablet_id = ?',
  );
  const setRowsets = db.prepare('UPDATE tablets SET rowsets = ? WHERE tenant = ? AND tablet_id = ?');
  const setRunning = db.prepare(
    `UPDATE tablets SET running_id = ?, running_type = ?, triggered_at = ?, started_at = NULL
     WHERE tenant = ? AND tablet_id = ?`,
  );
  const setStarted = db.prepare('UPDATE tablets SET started_at = ? WHERE tenant = ? AND tablet_id = ?');
  const finish = (outcome: 'success' | 'failure', type: CompactionType) =>
    db.prepare(
      `UPDATE tablets SET running_id = NULL, running_type = NULL, triggered_at = NULL, started_at = NULL,
       last_${type}_${outcome} = ?, rowsets = coalesce(?, rowsets), cumulative_point = coalesce(?, cumulative_point)
       WHERE tenant = ? AND tablet_id = ?`,
    );
  const byType = (outcome: 'success' | 'failure'): Record<CompactionType, Database.Statement> => ({
    base: finish(outcome, 'base'),
    cumulative: finish(outcome, 'cumulative'),
    full: finish(outcome, 'full'),
  });
  const finished = { success: byType('success'), failure: byType('failure') };
  const insertCompaction = db.prepare(
    `INSERT INTO compactions (tenant, tablet_id, compaction_id, seq, compaction_type, status, input_rowset_ids, triggered_at, source)
     VALUES (?, ?, ?, (SELECT count(*) FROM compactions WHERE tenant = ? AND tablet_id = ?), ?, 'triggered', ?, ?, ?)`,
  );
  const compactionStarted = db.prepare(
    `UPDATE compactions SET status = 'running', started_at = ? WHERE tenant = ? AND tablet_id = ? AND compaction_id = ?`,
  );
  const compactionFinished = db.prepare(
    `UPDATE compactions SET status = ?, finished_at = ?, output = ?, cumulative_point_after = ?, reason = ?
     WHERE tenant = ? AND tablet_id = ? AND compaction_id = ?`,
  );

  // The executor resumes from here: rows and this position always change in one transaction.
  const setApplied = db.prepare(
    'INSERT INTO applied (id, position) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET position = excluded.position',
  );
  // A tablet's rowset list changes with nearly every event: within a batch it is kept here and
  // written once at the end, instead of read, parsed, rewritten and stored per event.
  const changed = new Map<string, { tenant: string; tabletId: number; rowsets: Rowset[] }>();
  const rowsets = (tenant: string, tabletId: number): Rowset[] =>
    changed.get(`${tenant}\0${tabletId}`)?.rowsets ??
    (JSON.parse(rowsetsOf.get(tenant, tabletId)?.rowsets ?? '[]') as Rowset[]);
  const setTabletRowsets = (tenant: string, tabletId: number, list: Rowset[]) =>
    changed.set(`${tenant}\0${tabletId}`, { tenant, tabletId, rowsets: list });

  let lastApplied: bigint | undefined;
  return {
    beforeBatch(): void {
      changed.clear();
      lastApplied = undefined;
    },
    afterBatch(): void {
      for (const t of changed.values()) setRowsets.run(JSON.stringify(t.rowsets), t.tenant, t.tabletId);
      changed.clear();
      if (lastApplied !== undefined) setApplied.run(lastApplied.toString());
      lastApplied = undefined;
    },
    apply(recorded: RecordedEvent): void {
      // The stream names the tenant; the metadata is parsed only where its source is needed.
      const tenant = parseStreamName(recorded.streamName)?.tenant ?? recorded.metadata.tenant;
      const event = asTabletEvent(recorded);
      lastApplied = recorded.position;
      switch (event.type) {
        case 'TabletRegistered': {
          const { tabletId, tableId, schemaHash, cumulativePoint } = event.data;
          insertTablet.run(
            tenant,
            tabletId,
            tableId,
            schemaHash,
            cumulativePoint,
            JSON.stringify(event.data.rowsets),
          );
          return;
        }
        case 'RowsetAdded': {
          const list = rowsets(tenant, event.data.tabletId);
          list.push(event.data.rowset);
          setTabletRowsets(tenant, event.data.tabletId, list);
          return;
        }
        case 'CompactionTriggered': {
          const { tabletId, compactionId, compactionType, inputRowsetIds, triggeredAt } = event.data;
          setRunning.run(compactionId, compactionType, triggeredAt, tenant, tabletId);
          const inputs = JSON.stringify(inputRowsetIds);
          const { source } = recorded.metadata;
          insertCompaction.run(
            tenant,
            tabletId,
            compactionId,
            tenant,
            tabletId,
            compactionType,
            inputs,
            triggeredAt,
            source,
          );
          return;
        }
        case 'CompactionStarted': {
          const { tabletId, compactionId, startedAt } = event.data;
          setStarted.run(startedAt, tenant, tabletId);
          compactionStarted.run(startedAt, tenant, tabletId, compactionId);
          return;
        }
        case 'CompactionCompleted': {
          const {
            tabletId,
            compactionId,
            compactionType,
            inputRowsetIds,
            output,
            cumulativePoint,
            completedAt,
          } = event.data;
          const merged = new Set(inputRowsetIds);
          const next = [...rowsets(tenant, tabletId).filter((r) => !merged.has(r.rowsetId)), output].sort(
            byStartVersion,
          );
          setTabletRowsets(tenant, tabletId, next);
          finished.success[compactionType].run(completedAt, null, cumulativePoint, tenant, tabletId);
          const result = JSON.stringify(output);
          compactionFinished.run(
            'completed',
            completedAt,
            result,
            cumulativePoint,
            null,
            tenant,
            tabletId,
            compactionId,
          );
          return;
        }
        case 'CompactionFailed': {
          const { tabletId, compactionId, compactionType, reason, timedOut, failedAt } = event.data;
          finished.failure[compactionType].run(failedAt, null, null, tenant, tabletId);
          const status = timedOut ? 'timed_out' : 'failed';
          compactionFinished.run(status, failedAt, null, null, reason, tenant, tabletId, compactionId);
          return;
        }
        default:
          return assertNever(event);
      }
    },
  };
}

/**
 * Per tablet: rowsets, cumulative point, the running compaction, last success/failure per type;
 * and every compaction's history. Also the read side's table_id -> tablets lookup.
 */
export const compactionStatusProjection: ProjectionDefinition = {
  name: COMPACTION_STATUS,
  source: { file: __filename, exportName: 'compactionStatusProjection' },
  version: 1,
  filter: { categories: ['tablet'] },
  open,
};
