import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { MATERIALIZED_PARTITIONS } from '../read-models/materialized-partitions.projection';
import { MaterializedPartitionsReader } from '../read-models/materialized-partitions.reader';
import {
  partitionsInRange,
  PartitionView,
  planSummary,
  PlanSummary,
  recordedPartitions,
  requirePlan,
} from './plan-views';

export interface PlanView extends PlanSummary {
  counts: Record<PartitionView['state'], number>;
  /** With a range: every partition in it (including 'never'); without: the recorded ones. */
  partitions: PartitionView[];
}

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
    const plan = requirePlan(this.reader, tenant, planId);
    const partitions = range
      ? partitionsInRange(this.reader, plan, range.start, range.end)
      : recordedPartitions(this.reader, plan);
    const counts = { materialized: 0, cleared: 0, failed: 0, never: 0 };
    for (const p of partitions) counts[p.state]++;
    return {
      ...planSummary(plan),
      counts,
      partitions,
    };
  }
}
