import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import {
  ChangeSegmentsCommandHandler,
  GetSegmentQueryHandler,
  ListDatasourcesQueryHandler,
  ListSegmentsQueryHandler,
  MarkSegmentUsedByIdCommandHandler,
} from './application';
import { DruidDatasourcesController, DruidMetadataController, NativeSegmentsController } from './http';
import { segmentUsedProjection } from './read-models';

/** Druid segments: used / unused / kill lifecycle per datasource, and the segment-used read model. */
@Module({
  controllers: [DruidDatasourcesController, DruidMetadataController, NativeSegmentsController],
  providers: [
    ChangeSegmentsCommandHandler,
    MarkSegmentUsedByIdCommandHandler,
    ListDatasourcesQueryHandler,
    ListSegmentsQueryHandler,
    GetSegmentQueryHandler,
  ],
})
export class SegmentsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(segmentUsedProjection);
  }
}
