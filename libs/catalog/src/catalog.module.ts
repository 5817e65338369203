import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import {
  BatchCreatePartitionsHandler,
  BatchDeletePartitionsHandler,
  CreateCatalogHandler,
  CreateDatabaseHandler,
  CreateTableHandler,
  ListCatalogsHandler,
  ListDatabasesHandler,
  ListPartitionsHandler,
  ListTablesHandler,
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
    CreateCatalogHandler,
    CreateDatabaseHandler,
    CreateTableHandler,
    BatchCreatePartitionsHandler,
    BatchDeletePartitionsHandler,
    ListPartitionsHandler,
    ListCatalogsHandler,
    ListDatabasesHandler,
    ListTablesHandler,
  ],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(catalogPartitionsProjection);
  }
}
