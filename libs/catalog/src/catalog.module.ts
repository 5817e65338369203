import { ProjectionRegistry } from '@engine/kernel';
import { Module, OnModuleInit } from '@nestjs/common';
import {
  BatchCreatePartitionsHandler,
  BatchDeletePartitionsHandler,
  CreateCatalogHandler,
  CreateDatabaseHandler,
  CreateTableHandler,
  ListPartitionsHandler,
} from './application';
import { LakeFormationCatalogsController, LakeFormationTablesController } from './http';
import { catalogPartitionsProjection } from './read-models';

/** The catalog family: LakeFormation catalogs, databases, tables and partitions. */
@Module({
  controllers: [LakeFormationCatalogsController, LakeFormationTablesController],
  providers: [
    CreateCatalogHandler,
    CreateDatabaseHandler,
    CreateTableHandler,
    BatchCreatePartitionsHandler,
    BatchDeletePartitionsHandler,
    ListPartitionsHandler,
  ],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(catalogPartitionsProjection);
  }
}
