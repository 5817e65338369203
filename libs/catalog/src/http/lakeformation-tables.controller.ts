import { BodyLimits, CommandContextFactory, EngineRequest, principalOf, TimeTravel } from '@engine/kernel';
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
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { apiArray } from '@engine/kernel';
import {
  BATCH_CREATE,
  BATCH_DELETE,
  CATALOG_PARAM,
  CREATE_TABLE,
  DATABASE_PARAM,
  INSTANCE_PARAM,
  LIMIT_QUERY,
  MARKER_QUERY,
  PARTITION,
  PARTITION_PAGE,
  PARTITION_REF,
  PROJECT_PARAM,
  TABLE,
  TABLE_PARAM,
} from './catalog.openapi';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  BatchCreatePartitionsCommand,
  BatchDeletePartitionsCommand,
  CreateTableCommand,
  ListPartitionsQuery,
} from '../application';
import { MAX_PARTITION_JSON_LENGTH, MAX_PARTITIONS_PER_BATCH } from '../domain';
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
@ApiParam(PROJECT_PARAM)
@ApiParam(INSTANCE_PARAM)
@ApiParam(CATALOG_PARAM)
@ApiParam(DATABASE_PARAM)
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
  @ApiOperation({ summary: 'Creates a table (table_type defaults to EXTERNAL_TABLE)' })
  @ApiBody({ schema: CREATE_TABLE })
  @ApiCreatedResponse({ schema: TABLE })
  @HttpCode(201)
  @BodyLimits({ stringLength: MAX_PARTITION_JSON_LENGTH })
  async createTable(@Req() request: EngineRequest, @Param() path: LakeFormationPath, @Body() body: unknown) {
    const { tableName, definition } = readCreateTable(body);
    const ref = tableRefOf(path, tableName);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    return tableDto(await this.commandBus.execute(new CreateTableCommand(context, ref, definition)));
  }

  @Post(':table_name/partitions/batch-create')
  @ApiOperation({ summary: 'Creates partitions in one batch (if_not_exist: skip existing ones)' })
  @ApiParam(TABLE_PARAM)
  @ApiBody({ schema: BATCH_CREATE })
  @ApiCreatedResponse({ schema: apiArray(PARTITION) })
  @HttpCode(201)
  // Up to 100 partitions, each up to 256 KiB of JSON (the domain's own bounds).
  @BodyLimits({
    bytes: MAX_PARTITIONS_PER_BATCH * MAX_PARTITION_JSON_LENGTH + 64 * 1024,
    stringLength: MAX_PARTITION_JSON_LENGTH,
  })
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
  @ApiOperation({ summary: 'Deletes partitions by their values in one batch' })
  @ApiParam(TABLE_PARAM)
  @ApiBody({ schema: BATCH_DELETE })
  @ApiOkResponse({ schema: apiArray(PARTITION_REF) })
  @HttpCode(200)
  async batchDelete(@Req() request: EngineRequest, @Param() path: LakeFormationPath, @Body() body: unknown) {
    const ref = tableRefOf(path);
    const values = readBatchDeletePartitions(body);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    const deleted = await this.commandBus.execute(new BatchDeletePartitionsCommand(context, ref, values));
    return deleted.partitions.map((p) => partitionRefDto(deleted.table, p));
  }

  @Get(':table_name/partitions')
  @ApiOperation({ summary: "A page of a table's partitions (time travel: asOf / atPosition)" })
  @ApiParam(TABLE_PARAM)
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(MARKER_QUERY)
  @ApiOkResponse({ schema: PARTITION_PAGE })
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
