import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { MATERIALIZED_PARTITIONS } from '../read-models/materialized-partitions.projection';
import { MaterializedPartitionsReader } from '../read-models/materialized-partitions.reader';
import { planSummary, PlanSummary } from './plan-views';

export class ListPlansQuery extends Query<{ plans: PlanSummary[] }> {
  constructor(readonly tenant: string) {
    super();
  }
}

@QueryHandler(ListPlansQuery)
export class ListPlansQueryHandler implements IQueryHandler<ListPlansQuery> {
  constructor(
    private readonly reader: MaterializedPartitionsReader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ tenant }: ListPlansQuery): Promise<{ plans: PlanSummary[] }> {
    await this.projections.caughtUp([MATERIALIZED_PARTITIONS]);
    return { plans: this.reader.plans(tenant).map(planSummary) };
  }
}
