import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { COMPACTION_STATUS } from '../read-models/compaction-status.projection';
import {
  TabletStatusQueries,
  type CompactionView,
  type TabletStatusView,
} from '../read-models/tablet-status.queries';

export type TabletStatusResult = (TabletStatusView & { history: CompactionView[] }) | undefined;

/** A tablet as the read side sees it; `historyLimit` 0 skips the compaction history. */
export class GetTabletStatusQuery extends Query<TabletStatusResult> {
  constructor(
    readonly tenant: string,
    readonly tabletId: number,
    readonly historyLimit = 0,
  ) {
    super();
  }
}

@QueryHandler(GetTabletStatusQuery)
export class GetTabletStatusQueryHandler implements IQueryHandler<GetTabletStatusQuery> {
  constructor(
    private readonly queries: TabletStatusQueries,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ tenant, tabletId, historyLimit }: GetTabletStatusQuery): Promise<TabletStatusResult> {
    await this.projections.caughtUp([COMPACTION_STATUS]);
    const tablet = this.queries.tablet(tenant, tabletId);
    if (!tablet) return undefined;
    return {
      ...tablet,
      history: historyLimit > 0 ? this.queries.history(tenant, tabletId, historyLimit) : [],
    };
  }
}
