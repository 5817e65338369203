// Narrow imports: worker threads load this file (see ProjectionDefinition.source).
import { parseStreamName } from '@engine/eventstore/stream-name';
import { defineProjection } from '@engine/kernel/projections/define-projection';

export const AUDIT_AGGREGATES = 'audit-aggregates';

/** Positions are stored zero-padded so text order is numeric order (they exceed 2^53 on EventStoreDB). */
export const POSITION_WIDTH = 20;
export const padPosition = (position: bigint | string): string =>
  position.toString().padStart(POSITION_WIDTH, '0');

interface StreamKey {
  tenant: string;
  category: string;
  id: string;
}

/** The stream name's key, parsed once per run of one stream's events (a command appends a run). */
function streamKeys(): (stream: string) => StreamKey | undefined {
  let last: string | undefined;
  let key: StreamKey | undefined;
  return (stream) => {
    if (stream !== last) {
      last = stream;
      const parsed = parseStreamName(stream);
      key = parsed && { tenant: parsed.tenant, category: parsed.category, id: parsed.id.join('/') };
    }
    return key;
  };
}

/**
 * One row per aggregate (stream) of every category: how many events it has and its last change
 * (type, actor, source API, correlation, time it was recorded). Serves the per-category listings
 * of the audit API and the console without reading any stream. It reads every event of every
 * family alike (`every`, not typed handlers): audit cannot import the families, and nothing here
 * depends on an event's type or payload.
 */
export const auditAggregatesProjection = defineProjection()({
  name: AUDIT_AGGREGATES,
  source: { file: __filename, exportName: 'auditAggregatesProjection' },
  version: 1,
  tables: `
    CREATE TABLE IF NOT EXISTS aggregates (
      tenant TEXT NOT NULL, category TEXT NOT NULL, id TEXT NOT NULL,
      events INTEGER NOT NULL, first_at TEXT NOT NULL,
      last_revision TEXT NOT NULL, last_position TEXT NOT NULL, last_type TEXT NOT NULL,
      last_actor TEXT NOT NULL, last_source TEXT NOT NULL, last_correlation TEXT NOT NULL, last_at TEXT NOT NULL,
      PRIMARY KEY (tenant, category, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS aggregates_by_change ON aggregates (tenant, category, last_position);
  `,
  prepare: (db) => ({
    keyOf: streamKeys(),
    upsert: db.prepare(
      `INSERT INTO aggregates (tenant, category, id, events, first_at, last_revision, last_position, last_type,
         last_actor, last_source, last_correlation, last_at)
       VALUES (@tenant, @category, @id, 1, @at, @revision, @position, @type, @actor, @source, @correlation, @at)
       ON CONFLICT (tenant, category, id) DO UPDATE SET events = events + 1, last_revision = excluded.last_revision,
         last_position = excluded.last_position, last_type = excluded.last_type, last_actor = excluded.last_actor,
         last_source = excluded.last_source, last_correlation = excluded.last_correlation, last_at = excluded.last_at`,
    ),
  }),
  every({ sql, stream, event }) {
    // A stream outside the `<category>-<tenant>/<id>` scheme is no aggregate.
    const key = sql.keyOf(stream);
    if (!key) return;
    // Fields spelled out: spreading `key` here made the replay of this projection twice as slow.
    sql.upsert.run({
      tenant: key.tenant,
      category: key.category,
      id: key.id,
      at: event.recordedAt,
      revision: event.revision.toString(),
      position: padPosition(event.position),
      type: event.type,
      actor: event.metadata.actor ?? '',
      source: event.metadata.source ?? '',
      correlation: event.metadata.correlationId ?? '',
    });
  },
});
