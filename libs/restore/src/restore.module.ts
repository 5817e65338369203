import { Module } from '@nestjs/common';
import { PlanRestoreQueryHandler, RestoreAggregateCommandHandler } from './application';
import { RestoreController } from './http';

/** Point-in-time restore: reviewed plans and their application through the command pipeline. */
@Module({
  controllers: [RestoreController],
  providers: [PlanRestoreQueryHandler, RestoreAggregateCommandHandler],
})
export class RestoreModule {}
