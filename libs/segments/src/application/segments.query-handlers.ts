import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SEGMENT_USED, SegmentRow, SegmentUsedQueries } from '../read-models';
import { GetSegmentQuery, ListDatasourcesQuery, ListSegmentsQuery } from './segments.queries';

// Thin readers of the segment-used projection; the database handle is looked up per query
// because a rebuild may switch the projection to a new file.
async function queries(projections: ProjectionRegistry): Promise<SegmentUsedQueries> {
  await projections.caughtUp([SEGMENT_USED]);
  return new SegmentUsedQueries(projections.database(SEGMENT_USED));
}

@QueryHandler(ListDatasourcesQuery)
export class ListDatasourcesQueryHandler implements IQueryHandler<ListDatasourcesQuery, string[]> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, includeUnused }: ListDatasourcesQuery): Promise<string[]> {
    return (await queries(this.projections)).datasourceNames(tenant, includeUnused);
  }
}

@QueryHandler(ListSegmentsQuery)
export class ListSegmentsQueryHandler implements IQueryHandler<ListSegmentsQuery, SegmentRow[]> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, datasource, states, interval }: ListSegmentsQuery): Promise<SegmentRow[]> {
    return (await queries(this.projections)).segments(tenant, datasource, states, interval);
  }
}

@QueryHandler(GetSegmentQuery)
export class GetSegmentQueryHandler implements IQueryHandler<GetSegmentQuery, SegmentRow | undefined> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, datasource, segmentId, states }: GetSegmentQuery): Promise<SegmentRow | undefined> {
    return (await queries(this.projections)).segment(tenant, datasource, segmentId, states);
  }
}
