// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import { byStartVersion, type CompactionType, type Rowset, type TabletEvent } from '../domain';

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

/**
 * Per tablet: rowsets, cumulative point, the running compaction, last success/failure per type;
 * and every compaction's history. Also the read side's table_id -> tablets lookup.
 */
export const compactionStatusProjection = defineProjection<TabletEvent>()({
  name: COMPACTION_STATUS,
  source: { file: __filename, exportName: 'compactionStatusProjection' },
  version: 1,
  categories: ['tablet'],
  tables: SCHEMA,
  prepare,
  beforeBatch: (sql) => sql.changed.clear(),
  afterBatch(sql, last) {
    for (const t of sql.changed.values()) sql.setRowsets.run(JSON.stringify(t.rowsets), t.tenant, t.tabletId);
    sql.changed.clear();
    if (last !== undefined) sql.setApplied.run(last.toString());
  },
  ignores: [], // reads every type of its union: a new one must be handled here
  on: {
    TabletRegistered({ tabletId, tableId, schemaHash, cumulativePoint, rowsets }, { sql, tenant }) {
      sql.insertTablet.run(tenant, tabletId, tableId, schemaHash, cumulativePoint, JSON.stringify(rowsets));
    },
    RowsetAdded({ tabletId, rowset }, { sql, tenant }) {
      const list = sql.rowsets(tenant, tabletId);
      list.push(rowset);
      sql.setTabletRowsets(tenant, tabletId, list);
    },
    CompactionTriggered(data, { sql, tenant, event }) {
      const { tabletId, compactionId, compactionType, inputRowsetIds, triggeredAt } = data;
      sql.setRunning.run(compactionId, compactionType, triggeredAt, tenant, tabletId);
      const inputs = JSON.stringify(inputRowsetIds);
      const { source } = event.metadata;
      sql.insertCompaction.run(
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
    },
    CompactionStarted({ tabletId, compactionId, startedAt }, { sql, tenant }) {
      sql.setStarted.run(startedAt, tenant, tabletId);
      sql.compactionStarted.run(startedAt, tenant, tabletId, compactionId);
    },
    CompactionCompleted(data, { sql, tenant }) {
      const { tabletId, compactionId, compactionType, inputRowsetIds, output, cumulativePoint, completedAt } =
        data;
      const merged = new Set(inputRowsetIds);
      const next = [...sql.rowsets(tenant, tabletId).filter((r) => !merged.has(r.rowsetId)), output].sort(
        byStartVersion,
      );
      sql.setTabletRowsets(tenant, tabletId, next);
      sql.finished.success[compactionType].run(completedAt, null, cumulativePoint, tenant, tabletId);
      const result = JSON.stringify(output);
      sql.compactionFinished.run(
        'completed',
        completedAt,
        result,
        cumulativePoint,
        null,
        tenant,
        tabletId,
        compactionId,
      );
    },
    CompactionFailed(
      { tabletId, compactionId, compactionType, reason, timedOut, failedAt },
      { sql, tenant },
    ) {
      sql.finished.failure[compactionType].run(failedAt, null, null, tenant, tabletId);
      const status = timedOut ? 'timed_out' : 'failed';
      sql.compactionFinished.run(status, failedAt, null, null, reason, tenant, tabletId, compactionId);
    },
  },
});

function prepare(db: Database.Database) {
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

  return {
    insertTablet,
    setRowsets,
    setRunning,
    setStarted,
    finished,
    insertCompaction,
    compactionStarted,
    compactionFinished,
    setApplied,
    changed,
    rowsets,
    setTabletRowsets,
  };
}
