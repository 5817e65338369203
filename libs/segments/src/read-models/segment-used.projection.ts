// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { defineProjection, type ProjectionContext } from '@engine/kernel/projections/define-projection';
import type Database from 'better-sqlite3';
import type { SegmentsEvent, SegmentsStateChange } from '../domain';

export const SEGMENT_USED = 'segment-used';

/** Segment states as stored: integers keep rows the same size when a state changes. */
export const STATE_CODES = { used: 1, unused: 0, killed: -1 } as const;

const TABLES = `
  CREATE TABLE IF NOT EXISTS segments (
    tenant TEXT NOT NULL, datasource TEXT NOT NULL, id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, version TEXT NOT NULL,
    partition_num INTEGER NOT NULL, size INTEGER NOT NULL,
    state INTEGER NOT NULL CHECK (state IN (1, 0, -1)),
    changed_position INTEGER NOT NULL, changed_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS segments_by_id ON segments (tenant, datasource, id);
  CREATE INDEX IF NOT EXISTS segments_by_interval ON segments (tenant, datasource, start, "end");
  CREATE TABLE IF NOT EXISTS datasources (
    tenant TEXT NOT NULL, datasource TEXT NOT NULL,
    used_count INTEGER NOT NULL, unused_count INTEGER NOT NULL, max_span INTEGER NOT NULL,
    PRIMARY KEY (tenant, datasource)
  ) WITHOUT ROWID;
`;

/**
 * Per segment its state (used / unused / killed), interval, version, partitionNum, size and last
 * change; per datasource the counts that answer "which datasources have used segments" without a
 * scan. Killed rows stay (state killed) so a republish is an upsert; every view filters them out.
 * Instants are epoch milliseconds so the (tenant, datasource, start, end) index serves interval
 * queries, and a bulk change that carries a `selection` is one ranged UPDATE over that index.
 */
export const segmentUsedProjection = defineProjection<SegmentsEvent>()({
  name: SEGMENT_USED,
  source: { file: __filename, exportName: 'segmentUsedProjection' },
  version: 1,
  categories: ['datasource'],
  tables: TABLES,
  prepare,
  ignores: [], // reads every type of its union: a new one must be handled here
  on: {
    SegmentsPublished(data, ctx) {
      const { upsert, counts } = ctx.sql;
      let span = 0;
      for (const s of data.segments) {
        const start = Date.parse(s.start);
        const end = Date.parse(s.end);
        span = Math.max(span, end - start);
        upsert.run(
          ctx.tenant,
          data.datasource,
          s.id,
          start,
          end,
          s.version,
          s.partitionNum,
          s.size,
          ctx.position,
          ctx.time,
        );
      }
      counts.run(ctx.tenant, data.datasource, data.segments.length, 0, span);
    },
    SegmentsMarkedUnused(data, ctx) {
      const moved = move(ctx, data, STATE_CODES.used, STATE_CODES.unused);
      ctx.sql.counts.run(ctx.tenant, data.datasource, -moved, moved, 0);
    },
    SegmentsMarkedUsed(data, ctx) {
      const moved = move(ctx, data, STATE_CODES.unused, STATE_CODES.used);
      ctx.sql.counts.run(ctx.tenant, data.datasource, moved, -moved, 0);
    },
    UnusedSegmentsKilled(data, ctx) {
      const killed = move(ctx, data, STATE_CODES.unused, STATE_CODES.killed);
      ctx.sql.counts.run(ctx.tenant, data.datasource, 0, -killed, 0);
    },
  },
});

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  const set = 'SET state = ?, changed_position = ?, changed_at = ?';
  const inRange = 'tenant = ? AND datasource = ? AND start >= ? AND start <= ? AND "end" <= ? AND state = ?';
  return {
    upsert: db.prepare(`
      INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${STATE_CODES.used}, ?, ?)
      ON CONFLICT (tenant, datasource, id) DO UPDATE SET start = excluded.start, "end" = excluded."end",
        version = excluded.version, partition_num = excluded.partition_num, size = excluded.size,
        state = excluded.state, changed_position = excluded.changed_position, changed_at = excluded.changed_at`),
    moveOne: db.prepare(
      `UPDATE segments ${set} WHERE tenant = ? AND datasource = ? AND id = ? AND state = ?`,
    ),
    moveRange: db.prepare(`UPDATE segments ${set} WHERE ${inRange}`),
    moveVersionsInRange: db.prepare(
      `UPDATE segments ${set} WHERE ${inRange} AND version IN (SELECT value FROM json_each(?))`,
    ),
    counts: db.prepare(`
      INSERT INTO datasources VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (tenant, datasource) DO UPDATE SET used_count = used_count + excluded.used_count,
        unused_count = unused_count + excluded.unused_count, max_span = max(max_span, excluded.max_span)`),
  };
}

/** Moves the change's segments from one state to another; returns how many moved. */
function move(
  ctx: ProjectionContext<Statements>,
  change: SegmentsStateChange,
  from: number,
  to: number,
): number {
  const { selection, segmentIds, datasource } = change;
  const { tenant, position, time, sql } = ctx;
  if (!selection) {
    let moved = 0;
    for (const id of segmentIds)
      moved += sql.moveOne.run(to, position, time, tenant, datasource, id, from).changes;
    return moved;
  }
  const range = [
    tenant,
    datasource,
    Date.parse(selection.startFrom),
    Date.parse(selection.startTo),
    Date.parse(selection.endTo),
    from,
  ];
  const moved = selection.versions
    ? sql.moveVersionsInRange.run(to, position, time, ...range, JSON.stringify(selection.versions)).changes
    : sql.moveRange.run(to, position, time, ...range).changes;
  // The selection names exactly the event's segments; anything else means this read model diverged.
  if (moved !== segmentIds.length) {
    throw new Error(
      `segment-used diverged: selection moved ${moved} segments, the event lists ${segmentIds.length}`,
    );
  }
  return moved;
}
