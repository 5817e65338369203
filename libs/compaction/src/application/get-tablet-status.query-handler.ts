import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
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
  constructor(private readonly queries: TabletStatusQueries) {}

  async execute({ tenant, tabletId, historyLimit }: GetTabletStatusQuery): Promise<TabletStatusResult> {
    const tablet = this.queries.tablet(tenant, tabletId);
    if (!tablet) return undefined;
    return {
      ...tablet,
      history: historyLimit > 0 ? this.queries.history(tenant, tabletId, historyLimit) : [],
    };
  }
}
