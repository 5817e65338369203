import type Database from 'better-sqlite3';
import { STATE_CODES } from './segment-used.projection';
import type { SegmentRow, SegmentState } from './segment-used.queries';

export interface DatasourceStats {
  datasource: string;
  usedCount: number;
  unusedCount: number;
  /** Of the used segments. */
  size: number;
  minStart?: number;
  maxEnd?: number;
}

export type BrowsedSegment = SegmentRow & { overshadowed: boolean };

const COLUMNS = `datasource, id, start, "end", version, partition_num AS partitionNum, size,
  CASE state WHEN 1 THEN 'used' WHEN 0 THEN 'unused' ELSE 'killed' END AS state,
  CAST(changed_position AS TEXT) AS changedPosition, changed_at AS changedAt`;

/**
 * Paged reads of the segment-used projection for browsing (a datasource may hold a million
 * segments: every read here is bounded by an index range and a page size). Tenant-scoped.
 */
export class SegmentBrowseQueries {
  constructor(private readonly db: Database.Database) {}

  /** Datasources with any live segment, by name, after `after`. */
  datasources(tenant: string, after: string, limit: number): DatasourceStats[] {
    const names = this.db
      .prepare<[string, string, number], { datasource: string; usedCount: number; unusedCount: number }>(
        `SELECT datasource, used_count AS usedCount, unused_count AS unusedCount FROM datasources
         WHERE tenant = ? AND datasource > ? AND used_count + unused_count > 0 ORDER BY datasource LIMIT ?`,
      )
      .all(tenant, after, limit);
    return names.map((n) => ({ ...n, ...this.usedExtent(tenant, n.datasource) }));
  }

  /** Counts and extent of one datasource's used segments; undefined when it has no live segment. */
  stats(tenant: string, datasource: string): DatasourceStats | undefined {
    const counts = this.db
      .prepare<[string, string], { usedCount: number; unusedCount: number }>(
        'SELECT used_count AS usedCount, unused_count AS unusedCount FROM datasources WHERE tenant = ? AND datasource = ?',
      )
      .get(tenant, datasource);
    if (!counts || counts.usedCount + counts.unusedCount === 0) return undefined;
    return { datasource, ...counts, ...this.usedExtent(tenant, datasource) };
  }

  /**
   * One page of segments by ID (IDs start with the interval start, so this is time order per
   * datasource), in the given states, after the cursor ID.
   */
  page(
    tenant: string,
    datasource: string,
    states: readonly SegmentState[],
    after: string,
    limit: number,
  ): SegmentRow[] {
    const codes = states.map((s) => STATE_CODES[s]);
    return this.db
      .prepare<(string | number)[], SegmentRow>(
        `SELECT ${COLUMNS} FROM segments WHERE tenant = ? AND datasource = ? AND id > ?
         AND state IN (${codes.map(() => '?').join(', ')}) ORDER BY id LIMIT ?`,
      )
      .all(tenant, datasource, after, ...codes, limit)
      .map((row) => ({ ...row, changedPosition: BigInt(row.changedPosition) }));
  }

  /**
   * One page of the native segment list in its order (start, end, version, partitionNum), after a
   * key of that order: the (tenant, datasource, start, end) index serves it.
   */
  orderedPage(
    tenant: string,
    datasource: string,
    states: readonly SegmentState[],
    interval: { start: number; end: number } | undefined,
    after: { start: number; end: number; version: string; partitionNum: number } | undefined,
    limit: number,
  ): SegmentRow[] {
    const codes = states.map((s) => STATE_CODES[s]);
    const where = ['tenant = ?', 'datasource = ?', `state IN (${codes.map(() => '?').join(', ')})`];
    const args: (string | number)[] = [tenant, datasource, ...codes];
    if (interval) {
      where.push('start < ?', '"end" > ?');
      args.push(interval.end, interval.start);
    }
    if (after) {
      where.push('(start, "end", version, partition_num) > (?, ?, ?, ?)');
      args.push(after.start, after.end, after.version, after.partitionNum);
    }
    return this.db
      .prepare<(string | number)[], SegmentRow>(
        `SELECT ${COLUMNS} FROM segments WHERE ${where.join(' AND ')}
         ORDER BY start, "end", version, partition_num LIMIT ?`,
      )
      .all(...args, limit)
      .map((row) => ({ ...row, changedPosition: BigInt(row.changedPosition) }));
  }

  /**
   * Druid's overshadow rule (libs/segments/src/domain/overshadow.rule.ts) over the read model: a
   * used segment whose interval is covered by used segments of greater versions, swept in start
   * order over the index; only the segments overlapping it are read.
   */
  isOvershadowed(tenant: string, segment: SegmentRow): boolean {
    if (segment.state !== 'used') return false;
    const maxSpan =
      this.db
        .prepare<[string, string], number>(
          'SELECT max_span FROM datasources WHERE tenant = ? AND datasource = ?',
        )
        .pluck()
        .get(tenant, segment.datasource) ?? 0;
    const newer = this.db
      .prepare<[string, string, number, number, string], { start: number; end: number }>(
        `SELECT start, "end" FROM segments WHERE tenant = ? AND datasource = ? AND start > ? AND start < ?
         AND state = 1 AND version > ? ORDER BY start, "end"`,
      )
      .iterate(tenant, segment.datasource, segment.start - maxSpan, segment.end, segment.version);
    let coveredUntil = segment.start;
    for (const other of newer) {
      if (other.end <= coveredUntil) continue;
      if (other.start > coveredUntil) break;
      coveredUntil = other.end;
      if (coveredUntil >= segment.end) return true;
    }
    return false;
  }

  private usedExtent(tenant: string, datasource: string) {
    const row = this.db
      .prepare<[string, string], { size: number | null; minStart: number | null; maxEnd: number | null }>(
        `SELECT sum(size) AS size, min(start) AS minStart, max("end") AS maxEnd FROM segments
         WHERE tenant = ? AND datasource = ? AND state = 1`,
      )
      .get(tenant, datasource);
    return {
      size: row?.size ?? 0,
      ...(row?.minStart != null ? { minStart: row.minStart } : {}),
      ...(row?.maxEnd != null ? { maxEnd: row.maxEnd } : {}),
    };
  }
}
