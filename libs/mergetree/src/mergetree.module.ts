import { ProjectionRegistry } from '@engine/kernel';
import { Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import {
  CopyFromTableCommandHandler,
  GetTableOverviewQueryHandler,
  MovePartitionToTableCommandHandler,
  PartitionMoveProcess,
  RunTableCommandHandler,
  SelectSystemTableQueryHandler,
} from './application';
import { ClickHouseHttpController, ClickHouseSessions, NativeMergeTreeController } from './http';
import {
  detachedProjection,
  frozenProjection,
  movesProjection,
  partsProjection,
  PendingMovesReader,
  SystemTablesReader,
  TableOverviewReader,
} from './read-models';

/** ClickHouse MergeTree partitions and parts: one aggregate per table, spoken over ClickHouse's HTTP interface. */
@Module({
  controllers: [ClickHouseHttpController, NativeMergeTreeController],
  providers: [
    RunTableCommandHandler,
    CopyFromTableCommandHandler,
    MovePartitionToTableCommandHandler,
    SelectSystemTableQueryHandler,
    GetTableOverviewQueryHandler,
    PartitionMoveProcess,
    ClickHouseSessions,
    SystemTablesReader,
    TableOverviewReader,
    PendingMovesReader,
  ],
})
export class MergeTreeModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('MergeTreeModule');

  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly moves: PartitionMoveProcess,
  ) {}

  onModuleInit(): void {
    for (const projection of [partsProjection, detachedProjection, frozenProjection, movesProjection])
      this.projections.register(projection);
  }

  /** Finishes MOVE PARTITION TO TABLE processes a crash left open (after the projections have started). */
  onApplicationBootstrap(): void {
    setImmediate(() => {
      this.moves.recover().then(
        (count) => count > 0 && this.logger.log(`completed ${count} open partition move(s)`),
        (error: unknown) => this.logger.error(`partition move recovery failed: ${(error as Error).message}`),
      );
    });
  }
}
