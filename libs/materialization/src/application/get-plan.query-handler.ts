import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { MATERIALIZED_PARTITIONS } from '../read-models/materialized-partitions.projection';
import { MaterializedPartitionsReader } from '../read-models/materialized-partitions.reader';
import { planView, PlanView, requirePlan } from './plan-views';

export type { PlanView };

export class GetPlanQuery extends Query<PlanView> {
  constructor(
    readonly tenant: string,
    readonly planId: string,
    readonly range?: { start: string; end: string },
  ) {
    super();
  }
}

@QueryHandler(GetPlanQuery)
export class GetPlanQueryHandler implements IQueryHandler<GetPlanQuery> {
  constructor(
    private readonly reader: MaterializedPartitionsReader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ tenant, planId, range }: GetPlanQuery): Promise<PlanView> {
    await this.projections.caughtUp([MATERIALIZED_PARTITIONS]);
    return planView(this.reader, requirePlan(this.reader, tenant, planId), range);
  }
}
