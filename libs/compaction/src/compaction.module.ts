import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import { AddRowsetCommandHandler } from './application/add-rowset.command-handler';
import { BrowseTabletsQueryHandler } from './application/browse-tablets.query-handler';
import { CompactionExecutor } from './application/compaction.executor';
import { CompactionTimeoutReaper } from './application/compaction-timeout.reaper';
import { GetTabletStatusQueryHandler } from './application/get-tablet-status.query-handler';
import { RegisterTabletCommandHandler } from './application/register-tablet.command-handler';
import { ReportCompactionProgressCommandHandler } from './application/report-compaction-progress.command-handler';
import { TriggerCompactionCommandHandler } from './application/trigger-compaction.command-handler';
import { TriggerTableCompactionCommandHandler } from './application/trigger-table-compaction.command-handler';
import { DorisCompactionController } from './http/doris-compaction.controller';
import { TabletsBrowseController } from './http/tablets-browse.controller';
import { TabletsController } from './http/tablets.controller';
import { compactionStatusProjection } from './read-models/compaction-status.projection';
import { TabletStatusQueries } from './read-models/tablet-status.queries';

/** Doris tablet compaction: tablets, rowsets, the compaction lifecycle and its executor. */
@Module({
  controllers: [DorisCompactionController, TabletsController, TabletsBrowseController],
  providers: [
    TabletStatusQueries,
    RegisterTabletCommandHandler,
    AddRowsetCommandHandler,
    TriggerCompactionCommandHandler,
    TriggerTableCompactionCommandHandler,
    ReportCompactionProgressCommandHandler,
    GetTabletStatusQueryHandler,
    BrowseTabletsQueryHandler,
    CompactionExecutor,
    CompactionTimeoutReaper,
  ],
})
export class CompactionModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(compactionStatusProjection);
  }
}
