import { ProjectionRegistry } from '@engine/kernel';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { MATERIALIZED_PARTITIONS } from '../read-models/materialized-partitions.projection';
import { evaluateHit, Granularity } from '../domain';
import { MaterializedPartitionsReader } from '../read-models/materialized-partitions.reader';
import { partitionsInRange, PartitionView, requirePlan } from './plan-views';

export interface HitView {
  uuid: string;
  granularity: Granularity;
  start: string;
  end: string;
  /** The whole range can be served from materialized data. */
  hit: boolean;
  partitions: number;
  fullBackfillRequired: boolean;
  missing: Pick<PartitionView, 'key' | 'start' | 'end' | 'state'>[];
}

export class GetPlanHitQuery extends Query<HitView> {
  constructor(
    readonly tenant: string,
    readonly planId: string,
    readonly start: string,
    readonly end: string,
  ) {
    super();
  }
}

@QueryHandler(GetPlanHitQuery)
export class GetPlanHitQueryHandler implements IQueryHandler<GetPlanHitQuery> {
  constructor(
    private readonly reader: MaterializedPartitionsReader,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ tenant, planId, start, end }: GetPlanHitQuery): Promise<HitView> {
    await this.projections.caughtUp([MATERIALIZED_PARTITIONS]);
    const plan = requirePlan(this.reader, tenant, planId);
    const partitions = partitionsInRange(this.reader, plan, start, end);
    const byKey = new Map(partitions.map((p) => [p.key, p]));
    const verdict = evaluateHit(plan.refreshType, plan.tableStatus, partitions);
    return {
      uuid: plan.planId,
      granularity: plan.granularity,
      start,
      end,
      hit: verdict.hit,
      partitions: partitions.length,
      fullBackfillRequired: verdict.fullBackfillRequired,
      missing: verdict.missing.map(({ key, state }) => {
        const p = byKey.get(key) as PartitionView;
        return { key, start: p.start, end: p.end, state };
      }),
    };
  }
}
