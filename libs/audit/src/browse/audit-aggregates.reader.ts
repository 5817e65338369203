import { ProjectionRegistry, RequestValidationError } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import { AUDIT_AGGREGATES } from './audit-aggregates.projection';

export interface AggregateSummary {
  id: string;
  stream: string;
  eventCount: number;
  firstRecordedAt: string;
  lastChange: {
    type: string;
    revision: string;
    position: string;
    actor: string;
    source: string;
    correlationId: string;
    recordedAt: string;
  };
}

export interface AggregatePage {
  category: string;
  aggregates: AggregateSummary[];
  /** `cursor` of the next page; absent on the last one. */
  next?: string;
}

export interface AggregateListing {
  /** `id`: by id ascending; `recent`: last change first. */
  sort: 'id' | 'recent';
  /** Only ids starting with this. */
  prefix?: string;
  cursor?: string;
  limit: number;
}

interface Row {
  id: string;
  events: number;
  first_at: string;
  last_revision: string;
  last_position: string;
  last_type: string;
  last_actor: string;
  last_source: string;
  last_correlation: string;
  last_at: string;
}

/** Highest code point: `prefix || MAX` bounds the ids starting with prefix (an index range, no LIKE). */
const MAX = '\u{10FFFF}';

/** Pages the audit-aggregates read model, always within one tenant and category. */
@Injectable()
export class AuditAggregatesReader {
  constructor(private readonly projections: ProjectionRegistry) {}

  async list(
    tenant: string,
    category: string,
    streamOf: (id: string) => string,
    q: AggregateListing,
  ): Promise<AggregatePage> {
    await this.projections.caughtUp([AUDIT_AGGREGATES]);
    const db = this.projections.database(AUDIT_AGGREGATES);
    const prefix = q.prefix ?? '';
    const where = ['tenant = ?', 'category = ?', 'id >= ?', 'id < ?'];
    const args: unknown[] = [tenant, category, prefix, prefix + MAX];
    if (q.sort === 'id') {
      if (q.cursor !== undefined) {
        where.push('id > ?');
        args.push(q.cursor);
      }
    } else if (q.cursor !== undefined) {
      if (!/^\d{1,20}$/.test(q.cursor))
        throw new RequestValidationError(['cursor must be the `next` of a page']);
      where.push('last_position < ?');
      args.push(q.cursor.padStart(20, '0'));
    }
    const order = q.sort === 'id' ? 'id' : 'last_position DESC';
    const rows = db
      .prepare(`SELECT * FROM aggregates WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`)
      .all(...args, q.limit + 1) as Row[];
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      category,
      aggregates: page.map((r) => ({
        id: r.id,
        stream: streamOf(r.id),
        eventCount: r.events,
        firstRecordedAt: r.first_at,
        lastChange: {
          type: r.last_type,
          revision: r.last_revision,
          position: BigInt(r.last_position).toString(),
          actor: r.last_actor,
          source: r.last_source,
          correlationId: r.last_correlation,
          recordedAt: r.last_at,
        },
      })),
      ...(rows.length > q.limit
        ? { next: q.sort === 'id' ? last.id : BigInt(last.last_position).toString() }
        : {}),
    };
  }
}
