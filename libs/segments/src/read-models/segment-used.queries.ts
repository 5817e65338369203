import type Database from 'better-sqlite3';
import { STATE_CODES } from './segment-used.projection';
import {
  formatSegmentId,
  Interval,
  parseSegmentIdCandidates,
  parseSegmentIdWithoutDatasource,
  SegmentId,
} from '../domain';

export type SegmentState = 'used' | 'unused' | 'killed';

export interface SegmentRow {
  datasource: string;
  id: string;
  start: number;
  end: number;
  version: string;
  partitionNum: number;
  size: number;
  state: SegmentState;
  changedPosition: bigint;
  changedAt: string;
}

const COLUMNS = `datasource, id, start, "end", version, partition_num AS partitionNum, size,
  CASE state WHEN 1 THEN 'used' WHEN 0 THEN 'unused' ELSE 'killed' END AS state,
  CAST(changed_position AS TEXT) AS changedPosition, changed_at AS changedAt`;
const ORDER = 'ORDER BY start, "end", version, partition_num';

/** Reads of the segment-used projection; every read is scoped to one tenant. */
export class SegmentUsedQueries {
  constructor(private readonly db: Database.Database) {}

  /** Datasources with at least one used segment (or, with includeUnused, any live segment). */
  datasourceNames(tenant: string, includeUnused: boolean): string[] {
    const having = includeUnused ? 'used_count + unused_count > 0' : 'used_count > 0';
    return this.db
      .prepare<[string], string>(
        `SELECT datasource FROM datasources WHERE tenant = ? AND ${having} ORDER BY datasource`,
      )
      .pluck()
      .all(tenant);
  }

  /** Live segments in the given states, optionally those overlapping an interval, in Druid's order. */
  segments(
    tenant: string,
    datasource: string,
    states: readonly SegmentState[],
    interval?: Interval,
  ): SegmentRow[] {
    const stateList = states.map(() => '?').join(', ');
    if (!interval) {
      return this.rows(
        `SELECT ${COLUMNS} FROM segments WHERE tenant = ? AND datasource = ? AND state IN (${stateList}) ${ORDER}`,
        [tenant, datasource, ...states.map((s) => STATE_CODES[s])],
      );
    }
    // Overlap, bounded on both sides of the index: a segment overlapping [s, e) starts after s - maxSpan.
    const maxSpan = this.maxSpan(tenant, datasource);
    return this.rows(
      `SELECT ${COLUMNS} FROM segments WHERE tenant = ? AND datasource = ? AND start > ? AND start < ? AND "end" > ?
       AND state IN (${stateList}) ${ORDER}`,
      [
        tenant,
        datasource,
        interval.start - maxSpan,
        interval.end,
        interval.start,
        ...states.map((s) => STATE_CODES[s]),
      ],
    );
  }

  /** The live segment an ID names within a datasource (readings tried in order). */
  segment(
    tenant: string,
    datasource: string,
    text: string,
    states: readonly SegmentState[],
  ): SegmentRow | undefined {
    return this.firstOf(tenant, parseSegmentIdCandidates(datasource, text), states);
  }

  /** The live segment an ID names when only the ID is known; datasource names may contain `_`. */
  locate(tenant: string, text: string, states: readonly SegmentState[]): SegmentRow | undefined {
    return this.firstOf(tenant, parseSegmentIdWithoutDatasource(text), states);
  }

  private firstOf(
    tenant: string,
    readings: SegmentId[],
    states: readonly SegmentState[],
  ): SegmentRow | undefined {
    const byId = this.db.prepare<[string, string, string], SegmentRow>(
      `SELECT ${COLUMNS} FROM segments WHERE tenant = ? AND datasource = ? AND id = ?`,
    );
    for (const reading of readings) {
      const row = byId.get(tenant, reading.datasource, formatSegmentId(reading));
      if (row && states.includes(row.state)) return withPosition(row);
    }
    return undefined;
  }

  private maxSpan(tenant: string, datasource: string): number {
    const span = this.db
      .prepare<[string, string], number>(
        'SELECT max_span FROM datasources WHERE tenant = ? AND datasource = ?',
      )
      .pluck()
      .get(tenant, datasource);
    return span ?? 0;
  }

  private rows(sql: string, params: (string | number)[]): SegmentRow[] {
    return this.db
      .prepare<(string | number)[], SegmentRow>(sql)
      .all(...params)
      .map(withPosition);
  }
}

/** Positions may exceed 2^53 on EventStoreDB: read as text, returned as bigint. */
function withPosition(row: SegmentRow): SegmentRow {
  return { ...row, changedPosition: BigInt(row.changedPosition) };
}
