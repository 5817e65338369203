import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import { ClearPartitionsCommandHandler } from './application/clear-partitions.command-handler';
import { CreatePlanCommandHandler } from './application/create-plan.command-handler';
import { DeletePlanCommandHandler } from './application/delete-plan.command-handler';
import { GetPlanHitQueryHandler } from './application/get-plan-hit.query-handler';
import { GetPlanQueryHandler } from './application/get-plan.query-handler';
import { ListPlansQueryHandler } from './application/list-plans.query-handler';
import { RecordBackfillCommandHandler } from './application/record-backfill.command-handler';
import { CanAcceleratePlanController } from './http/can-accelerate-plan.controller';
import { CanTenantGuard } from './http/can-tenant.guard';
import { MaterializationPlansController } from './http/materialization-plans.controller';
import { PlansBrowseController } from './http/plans-browse.controller';
import { materializedPartitionsProjection } from './read-models/materialized-partitions.projection';
import { MaterializedPartitionsReader } from './read-models/materialized-partitions.reader';

/** CAN materialization plans: backfill and clearPartition over `matplan` streams. */
@Module({
  controllers: [CanAcceleratePlanController, MaterializationPlansController, PlansBrowseController],
  providers: [
    MaterializedPartitionsReader,
    CanTenantGuard,
    CreatePlanCommandHandler,
    RecordBackfillCommandHandler,
    ClearPartitionsCommandHandler,
    DeletePlanCommandHandler,
    GetPlanQueryHandler,
    GetPlanHitQueryHandler,
    ListPlansQueryHandler,
  ],
})
export class MaterializationModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(materializedPartitionsProjection);
  }
}
