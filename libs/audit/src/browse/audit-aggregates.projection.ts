import type { RecordedEvent } from '@engine/eventstore';
import { parseStreamName } from '@engine/eventstore/stream-name';
import type { ProjectionDefinition } from '@engine/kernel';

export const AUDIT_AGGREGATES = 'audit-aggregates';

/** Positions are stored zero-padded so text order is numeric order (they exceed 2^53 on EventStoreDB). */
export const POSITION_WIDTH = 20;
export const padPosition = (position: bigint | string): string =>
  position.toString().padStart(POSITION_WIDTH, '0');

/**
 * One row per aggregate (stream) of every category: how many events it has and its last change
 * (type, actor, source API, correlation, time). Serves the per-category listings of the audit
 * API and the console without reading any stream.
 */
export const auditAggregatesProjection: ProjectionDefinition = {
  name: AUDIT_AGGREGATES,
  source: { file: __filename, exportName: 'auditAggregatesProjection' },
  version: 1,
  open(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS aggregates (
        tenant TEXT NOT NULL, category TEXT NOT NULL, id TEXT NOT NULL,
        events INTEGER NOT NULL, first_at TEXT NOT NULL,
        last_revision TEXT NOT NULL, last_position TEXT NOT NULL, last_type TEXT NOT NULL,
        last_actor TEXT NOT NULL, last_source TEXT NOT NULL, last_correlation TEXT NOT NULL, last_at TEXT NOT NULL,
        PRIMARY KEY (tenant, category, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS aggregates_by_change ON aggregates (tenant, category, last_position);
    `);
    const upsert = db.prepare(
      `INSERT INTO aggregates (tenant, category, id, events, first_at, last_revision, last_position, last_type,
         last_actor, last_source, last_correlation, last_at)
       VALUES (@tenant, @category, @id, 1, @at, @revision, @position, @type, @actor, @source, @correlation, @at)
       ON CONFLICT (tenant, category, id) DO UPDATE SET events = events + 1, last_revision = excluded.last_revision,
         last_position = excluded.last_position, last_type = excluded.last_type, last_actor = excluded.last_actor,
         last_source = excluded.last_source, last_correlation = excluded.last_correlation, last_at = excluded.last_at`,
    );
    return {
      apply(event: RecordedEvent) {
        const stream = parseStreamName(event.streamName);
        if (!stream) return;
        upsert.run({
          tenant: stream.tenant,
          category: stream.category,
          id: stream.id.join('/'),
          at: event.recordedAt,
          revision: event.revision.toString(),
          position: padPosition(event.position),
          type: event.type,
          actor: event.metadata.actor ?? '',
          source: event.metadata.source ?? '',
          correlation: event.metadata.correlationId ?? '',
        });
      },
    };
  },
};
