import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { MaterializedPartitionsReader } from '../read-models/materialized-partitions.reader';
import { planSummary, PlanSummary } from './plan-views';

export class ListPlansQuery extends Query<{ plans: PlanSummary[] }> {
  constructor(readonly tenant: string) {
    super();
  }
}

@QueryHandler(ListPlansQuery)
export class ListPlansQueryHandler implements IQueryHandler<ListPlansQuery> {
  constructor(private readonly reader: MaterializedPartitionsReader) {}

  async execute({ tenant }: ListPlansQuery): Promise<{ plans: PlanSummary[] }> {
    return { plans: this.reader.plans(tenant).map(planSummary) };
  }
}
