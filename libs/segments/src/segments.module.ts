import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import {
  BrowseDatasourcesQueryHandler,
  BrowseSegmentsQueryHandler,
  ChangeSegmentsCommandHandler,
  DatasourceStatsQueryHandler,
  GetSegmentQueryHandler,
  ListDatasourcesQueryHandler,
  ListSegmentsPageQueryHandler,
  ListSegmentsQueryHandler,
  MarkSegmentUsedByIdCommandHandler,
} from './application';
import {
  DruidBrowseController,
  DruidDatasourcesController,
  DruidMetadataController,
  NativeSegmentsBrowseController,
  NativeSegmentsController,
} from './http';
import { segmentUsedProjection } from './read-models';

/** Druid segments: used / unused / kill lifecycle per datasource, and the segment-used read model. */
@Module({
  controllers: [
    DruidDatasourcesController,
    DruidMetadataController,
    NativeSegmentsController,
    DruidBrowseController,
    NativeSegmentsBrowseController,
  ],
  providers: [
    ChangeSegmentsCommandHandler,
    MarkSegmentUsedByIdCommandHandler,
    ListDatasourcesQueryHandler,
    ListSegmentsQueryHandler,
    GetSegmentQueryHandler,
    BrowseDatasourcesQueryHandler,
    DatasourceStatsQueryHandler,
    BrowseSegmentsQueryHandler,
    ListSegmentsPageQueryHandler,
  ],
})
export class SegmentsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(segmentUsedProjection);
  }
}
