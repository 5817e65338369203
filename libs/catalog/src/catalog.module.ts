import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import {
  BatchCreatePartitionsCommandHandler,
  BatchDeletePartitionsCommandHandler,
  CreateCatalogCommandHandler,
  CreateDatabaseCommandHandler,
  CreateTableCommandHandler,
  ListCatalogsQueryHandler,
  ListDatabasesQueryHandler,
  ListPartitionsQueryHandler,
  ListTablesQueryHandler,
} from './application';
import {
  LakeFormationBrowseController,
  LakeFormationCatalogsController,
  LakeFormationTablesController,
} from './http';
import { catalogPartitionsProjection } from './read-models';

/** The catalog family: LakeFormation catalogs, databases, tables and partitions. */
@Module({
  controllers: [
    LakeFormationCatalogsController,
    LakeFormationTablesController,
    LakeFormationBrowseController,
  ],
  providers: [
    CreateCatalogCommandHandler,
    CreateDatabaseCommandHandler,
    CreateTableCommandHandler,
    BatchCreatePartitionsCommandHandler,
    BatchDeletePartitionsCommandHandler,
    ListPartitionsQueryHandler,
    ListCatalogsQueryHandler,
    ListDatabasesQueryHandler,
    ListTablesQueryHandler,
  ],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(catalogPartitionsProjection);
  }
}
