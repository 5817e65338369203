import { ProjectionRegistry } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { CompactionType, Rowset } from '../domain';
import { COMPACTION_STATUS } from './compaction-status.projection';

export interface CompactionTimes {
  lastSuccess: Record<CompactionType, string | null>;
  lastFailure: Record<CompactionType, string | null>;
}

export interface TabletStatusView extends CompactionTimes {
  tabletId: number;
  tableId: number;
  schemaHash: number;
  cumulativePoint: number;
  rowsets: Rowset[];
  running: {
    compactionId: string;
    compactionType: CompactionType;
    triggeredAt: string;
    startedAt: string | null;
  } | null;
}

export interface CompactionView {
  compactionId: string;
  compactionType: CompactionType;
  status: 'triggered' | 'running' | 'completed' | 'failed' | 'timed_out';
  inputRowsetIds: string[];
  output: Rowset | null;
  cumulativePointAfter: number | null;
  reason: string | null;
  triggeredAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  source: string;
}

/** A compaction the read side knows about, addressed across tenants (executor, timeouts). */
export interface CompactionRef {
  tenant: string;
  tabletId: number;
  compactionId: string;
}

interface TabletRow {
  tablet_id: number;
  table_id: number;
  schema_hash: number;
  cumulative_point: number;
  rowsets: string;
  running_id: string | null;
  running_type: CompactionType | null;
  triggered_at: string | null;
  started_at: string | null;
  [time: `last_${string}`]: string | null;
}

interface CompactionRow {
  compaction_id: string;
  compaction_type: CompactionType;
  status: CompactionView['status'];
  input_rowset_ids: string;
  output: string | null;
  cumulative_point_after: number | null;
  reason: string | null;
  triggered_at: string;
  started_at: string | null;
  finished_at: string | null;
  source: string;
}

const REF_COLUMNS = 'tenant, tablet_id AS tabletId, compaction_id AS compactionId';
/** Compactions under way: a base and a cumulative one may run together (BEHAVIOUR.md §6). */
const OPEN = "status IN ('triggered', 'running')";

/** Queries over the compaction-status read model. */
@Injectable()
export class TabletStatusQueries {
  private statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

  constructor(private readonly projections: ProjectionRegistry) {}

  /** Prepared once per database: a rebuild switches the projection to a new file. */
  private statement(sql: string): Database.Statement {
    const db = this.projections.database(COMPACTION_STATUS);
    let cache = this.statements.get(db);
    if (!cache) this.statements.set(db, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  }

  tablet(tenant: string, tabletId: number): TabletStatusView | undefined {
    const row = this.statement('SELECT * FROM tablets WHERE tenant = ? AND tablet_id = ?').get(
      tenant,
      tabletId,
    ) as TabletRow | undefined;
    if (!row) return undefined;
    const times = (outcome: 'success' | 'failure') => ({
      base: row[`last_base_${outcome}`] ?? null,
      cumulative: row[`last_cumulative_${outcome}`] ?? null,
      full: row[`last_full_${outcome}`] ?? null,
    });
    return {
      tabletId: row.tablet_id,
      tableId: row.table_id,
      schemaHash: row.schema_hash,
      cumulativePoint: row.cumulative_point,
      rowsets: JSON.parse(row.rowsets) as Rowset[],
      running: this.openCompaction(tenant, tabletId),
      lastSuccess: times('success'),
      lastFailure: times('failure'),
    };
  }

  /** The earliest compaction of the tablet still under way, or null. */
  private openCompaction(tenant: string, tabletId: number): TabletStatusView['running'] {
    const open = this.statement(
      `SELECT compaction_id, compaction_type, triggered_at, started_at FROM compactions
       WHERE tenant = ? AND tablet_id = ? AND ${OPEN} ORDER BY seq LIMIT 1`,
    ).get(tenant, tabletId) as
      Pick<CompactionRow, 'compaction_id' | 'compaction_type' | 'triggered_at' | 'started_at'> | undefined;
    return open
      ? {
          compactionId: open.compaction_id,
          compactionType: open.compaction_type,
          triggeredAt: open.triggered_at,
          startedAt: open.started_at,
        }
      : null;
  }

  /** Most recent first. */
  history(tenant: string, tabletId: number, limit: number): CompactionView[] {
    const rows = this.statement(
      'SELECT * FROM compactions WHERE tenant = ? AND tablet_id = ? ORDER BY seq DESC LIMIT ?',
    ).all(tenant, tabletId, limit) as CompactionRow[];
    return rows.map((row) => ({
      compactionId: row.compaction_id,
      compactionType: row.compaction_type,
      status: row.status,
      inputRowsetIds: JSON.parse(row.input_rowset_ids) as string[],
      output: row.output === null ? null : (JSON.parse(row.output) as Rowset),
      cumulativePointAfter: row.cumulative_point_after,
      reason: row.reason,
      triggeredAt: row.triggered_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      source: row.source,
    }));
  }

  tabletIdsOfTable(tenant: string, tableId: number): number[] {
    const rows = this.statement(
      'SELECT tablet_id FROM tablets WHERE tenant = ? AND table_id = ? ORDER BY tablet_id',
    ).all(tenant, tableId) as { tablet_id: number }[];
    return rows.map((row) => row.tablet_id);
  }

  /** Triggered compactions no executor has started yet. */
  awaitingStart(): CompactionRef[] {
    return this.statement(
      `SELECT ${REF_COLUMNS} FROM compactions WHERE status = 'triggered' ORDER BY tenant, tablet_id, seq`,
    ).all() as CompactionRef[];
  }

  /** Compactions started (or, never started, triggered) at or before `cutoff` (ISO-8601) and still running. */
  runningSince(cutoff: string): CompactionRef[] {
    return this.statement(
      `SELECT ${REF_COLUMNS} FROM compactions WHERE ${OPEN} AND coalesce(started_at, triggered_at) <= ?`,
    ).all(cutoff) as CompactionRef[];
  }

  /** Position of the last tablet event applied; read together with rows it is a consistent cut. */
  appliedPosition(): bigint {
    const row = this.statement('SELECT position FROM applied WHERE id = 1').get() as
      { position: string } | undefined;
    return row ? BigInt(row.position) : 0n;
  }
}
