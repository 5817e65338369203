import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { COMPACTION_STATUS } from '../read-models/compaction-status.projection';
import { TabletBrowseQueries, TabletSummary } from '../read-models/tablet-browse.queries';

export class BrowseTabletsQuery extends Query<TabletSummary[]> {
  constructor(
    readonly tenant: string,
    readonly afterTabletId: number,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(BrowseTabletsQuery)
export class BrowseTabletsQueryHandler implements IQueryHandler<BrowseTabletsQuery> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ tenant, afterTabletId, limit }: BrowseTabletsQuery): Promise<TabletSummary[]> {
    await this.projections.caughtUp([COMPACTION_STATUS]);
    return new TabletBrowseQueries(this.projections.database(COMPACTION_STATUS)).page(
      tenant,
      afterTabletId,
      limit,
    );
  }
}
