import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  BrowsedSegment,
  DatasourceStats,
  SEGMENT_USED,
  SegmentBrowseQueries,
  SegmentRow,
  SegmentState,
} from '../read-models';

export class BrowseDatasourcesQuery extends Query<DatasourceStats[]> {
  constructor(
    readonly tenant: string,
    readonly after: string,
    readonly limit: number,
  ) {
    super();
  }
}

export class DatasourceStatsQuery extends Query<DatasourceStats | undefined> {
  constructor(
    readonly tenant: string,
    readonly datasource: string,
  ) {
    super();
  }
}

export interface SegmentPage {
  segments: BrowsedSegment[];
  /** Cursor (a segment ID) of the next page; absent once the datasource is exhausted. */
  next?: string;
}

export class BrowseSegmentsQuery extends Query<SegmentPage> {
  constructor(
    readonly tenant: string,
    readonly datasource: string,
    readonly state: 'used' | 'unused' | 'overshadowed' | 'all',
    readonly after: string,
    readonly limit: number,
  ) {
    super();
  }
}

/** A page of the native segment list in its own order (see SegmentBrowseQueries.orderedPage). */
export class ListSegmentsPageQuery extends Query<SegmentRow[]> {
  constructor(
    readonly tenant: string,
    readonly datasource: string,
    readonly states: readonly SegmentState[],
    readonly interval: { start: number; end: number } | undefined,
    readonly after: { start: number; end: number; version: string; partitionNum: number } | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

async function browse(projections: ProjectionRegistry): Promise<SegmentBrowseQueries> {
  await projections.caughtUp([SEGMENT_USED]);
  return new SegmentBrowseQueries(projections.database(SEGMENT_USED));
}

@QueryHandler(ListSegmentsPageQuery)
export class ListSegmentsPageQueryHandler implements IQueryHandler<ListSegmentsPageQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute(q: ListSegmentsPageQuery): Promise<SegmentRow[]> {
    return (await browse(this.projections)).orderedPage(
      q.tenant,
      q.datasource,
      q.states,
      q.interval,
      q.after,
      q.limit,
    );
  }
}

@QueryHandler(BrowseDatasourcesQuery)
export class BrowseDatasourcesQueryHandler implements IQueryHandler<BrowseDatasourcesQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, after, limit }: BrowseDatasourcesQuery): Promise<DatasourceStats[]> {
    return (await browse(this.projections)).datasources(tenant, after, limit);
  }
}

@QueryHandler(DatasourceStatsQuery)
export class DatasourceStatsQueryHandler implements IQueryHandler<DatasourceStatsQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, datasource }: DatasourceStatsQuery): Promise<DatasourceStats | undefined> {
    return (await browse(this.projections)).stats(tenant, datasource);
  }
}

/** An overshadowed-only page reads at most this many pages of used segments before answering. */
const OVERSHADOWED_SCAN_PAGES = 20;

@QueryHandler(BrowseSegmentsQuery)
export class BrowseSegmentsQueryHandler implements IQueryHandler<BrowseSegmentsQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, datasource, state, after, limit }: BrowseSegmentsQuery): Promise<SegmentPage> {
    const queries = await browse(this.projections);
    const states: SegmentState[] =
      state === 'all' ? ['used', 'unused'] : state === 'unused' ? ['unused'] : ['used'];
    const segments: BrowsedSegment[] = [];
    let cursor = after;
    const budget = state === 'overshadowed' ? OVERSHADOWED_SCAN_PAGES : 1;
    for (let scan = 0; scan < budget; scan++) {
      const want = limit - segments.length;
      const rows = queries.page(tenant, datasource, states, cursor, want + 1);
      for (const row of rows.slice(0, want)) {
        cursor = row.id;
        const overshadowed = queries.isOvershadowed(tenant, row);
        if (state !== 'overshadowed' || overshadowed) segments.push({ ...row, overshadowed });
      }
      if (rows.length <= want) return { segments };
      if (segments.length >= limit) return { segments, next: cursor };
    }
    return { segments, next: cursor };
  }
}
