import { CommandContextFactory, EngineRequest, principalOf, TimeTravel } from '@engine/kernel';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  BatchCreatePartitionsCommand,
  BatchDeletePartitionsCommand,
  CreateTableCommand,
  ListPartitionsQuery,
} from '../application';
import { readBatchCreatePartitions } from './batch-create-partitions.dto';
import { readBatchDeletePartitions } from './batch-delete-partitions.dto';
import { readCreateTable, tableDto } from './create-table.dto';
import { LAKEFORMATION_SOURCE } from './lakeformation-catalogs.controller';
import { LakeFormationExceptionFilter } from './lakeformation-exception.filter';
import { LakeFormationPath, tableRefOf } from './lakeformation-path.params';
import { readListPartitions } from './list-partitions.dto';
import { partitionDtos, partitionRefDto } from './partition.dto';
import { presentPartitionsAt } from './partitions.time-travel.presenter';
import { ProjectTenantGuard } from './project-tenant.guard';

/** LakeFormation tables and their partitions. */
@ApiTags('LakeFormation')
@Controller('v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases/:database_name/tables')
@UseGuards(ProjectTenantGuard)
@UseFilters(LakeFormationExceptionFilter)
export class LakeFormationTablesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post()
  @HttpCode(201)
  async createTable(@Req() request: EngineRequest, @Param() path: LakeFormationPath, @Body() body: unknown) {
    const { tableName, definition } = readCreateTable(body);
    const ref = tableRefOf(path, tableName);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    return tableDto(await this.commandBus.execute(new CreateTableCommand(context, ref, definition)));
  }

  @Post(':table_name/partitions/batch-create')
  @HttpCode(201)
  async batchCreate(@Req() request: EngineRequest, @Param() path: LakeFormationPath, @Body() body: unknown) {
    const ref = tableRefOf(path);
    const { ifNotExist, partitions } = readBatchCreatePartitions(body);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    const created = await this.commandBus.execute(
      new BatchCreatePartitionsCommand(context, ref, ifNotExist, partitions),
    );
    return partitionDtos(created.table, created.partitions);
  }

  @Post(':table_name/partitions/batch-delete')
  @HttpCode(200)
  async batchDelete(@Req() request: EngineRequest, @Param() path: LakeFormationPath, @Body() body: unknown) {
    const ref = tableRefOf(path);
    const values = readBatchDeletePartitions(body);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    const deleted = await this.commandBus.execute(new BatchDeletePartitionsCommand(context, ref, values));
    return deleted.partitions.map((p) => partitionRefDto(deleted.table, p));
  }

  @Get(':table_name/partitions')
  @TimeTravel(
    'lftable',
    (p) => [p.instance_id, p.catalog_name, p.database_name, p.table_name].join('/'),
    presentPartitionsAt,
  )
  async list(
    @Req() request: EngineRequest,
    @Param() path: LakeFormationPath,
    @Query() query: Record<string, unknown>,
  ) {
    const ref = tableRefOf(path);
    const { limit, marker } = readListPartitions(query);
    const page = await this.queryBus.execute(
      new ListPartitionsQuery(principalOf(request).tenant, ref, limit, marker),
    );
    return {
      partitions: partitionDtos(page.table, page.partitions),
      page_info: { next_marker: page.nextMarker ?? null, current_count: page.partitions.length },
    };
  }
}
