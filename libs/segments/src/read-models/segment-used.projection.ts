import type { RecordedEvent } from '@engine/eventstore';
import { parseStreamName } from '@engine/eventstore/stream-name';
import type { ProjectionDefinition } from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import type Database from 'better-sqlite3';
import { SegmentsEvent, SegmentsStateChange } from '../domain';

export const SEGMENT_USED = 'segment-used';

/** Segment states as stored: integers keep rows the same size when a state changes. */
export const STATE_CODES = { used: 1, unused: 0, killed: -1 } as const;

/**
 * Per segment its state (used / unused / killed), interval, version, partitionNum, size and last
 * change; per datasource the counts that answer "which datasources have used segments" without a
 * scan. Killed rows stay (state killed) so a republish is an upsert; every view filters them out.
 * Instants are epoch milliseconds so the (tenant, datasource, start, end) index serves interval
 * queries, and a bulk change that carries a `selection` is one ranged UPDATE over that index.
 */
export const segmentUsedProjection: ProjectionDefinition = {
  name: SEGMENT_USED,
  source: { file: __filename, exportName: 'segmentUsedProjection' },
  version: 1,
  filter: { categories: ['datasource'] },
  open(db) {
    db.exec(`
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
    `);
    const statements = prepare(db);

    const move = (at: Change, change: SegmentsStateChange, from: number, to: number): number => {
      const { selection, segmentIds } = change;
      if (!selection) {
        let moved = 0;
        for (const id of segmentIds)
          moved += statements.moveOne.run(
            to,
            at.position,
            at.time,
            at.tenant,
            at.datasource,
            id,
            from,
          ).changes;
        return moved;
      }
      const range = [
        at.tenant,
        at.datasource,
        Date.parse(selection.startFrom),
        Date.parse(selection.startTo),
        Date.parse(selection.endTo),
        from,
      ];
      const moved = selection.versions
        ? statements.moveVersionsInRange.run(
            to,
            at.position,
            at.time,
            ...range,
            JSON.stringify(selection.versions),
          ).changes
        : statements.moveRange.run(to, at.position, at.time, ...range).changes;
      // The selection names exactly the event's segments; anything else means this read model diverged.
      if (moved !== segmentIds.length) {
        throw new Error(
          `segment-used diverged: selection moved ${moved} segments, the event lists ${segmentIds.length}`,
        );
      }
      return moved;
    };
    const count = (at: Change, used: number, unused: number, span = 0): void => {
      statements.counts.run(at.tenant, at.datasource, used, unused, span);
    };

    return {
      apply(recorded: RecordedEvent) {
        const event = { type: recorded.type, data: recorded.data } as SegmentsEvent;
        const at = changeOf(recorded, event.data.datasource);
        switch (event.type) {
          case 'SegmentsPublished': {
            let span = 0;
            for (const s of event.data.segments) {
              const start = Date.parse(s.start);
              const end = Date.parse(s.end);
              span = Math.max(span, end - start);
              statements.upsert.run(
                at.tenant,
                at.datasource,
                s.id,
                start,
                end,
                s.version,
                s.partitionNum,
                s.size,
                at.position,
                at.time,
              );
            }
            count(at, event.data.segments.length, 0, span);
            return;
          }
          case 'SegmentsMarkedUnused': {
            const moved = move(at, event.data, STATE_CODES.used, STATE_CODES.unused);
            count(at, -moved, moved);
            return;
          }
          case 'SegmentsMarkedUsed': {
            const moved = move(at, event.data, STATE_CODES.unused, STATE_CODES.used);
            count(at, moved, -moved);
            return;
          }
          case 'UnusedSegmentsKilled':
            count(at, 0, -move(at, event.data, STATE_CODES.unused, STATE_CODES.killed));
            return;
          default:
            assertNever(event);
        }
      },
    };
  },
};

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

interface Change {
  tenant: string;
  datasource: string;
  position: bigint;
  time: string;
}

function changeOf(event: RecordedEvent, datasource: string): Change {
  const tenant = parseStreamName(event.streamName)?.tenant ?? event.metadata.tenant;
  return {
    tenant,
    datasource,
    position: event.position,
    time: event.metadata.occurredAt ?? event.recordedAt,
  };
}
