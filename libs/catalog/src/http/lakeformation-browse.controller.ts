import { EngineRequest, principalOf } from '@engine/kernel';
import { Controller, Get, Param, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { apiArray } from '@engine/kernel';
import { ListCatalogsQuery, ListDatabasesQuery, ListTablesQuery } from '../application';
import { DatabaseName } from '../domain';
import { catalogDto, databaseDto } from './catalog.dto';
import {
  CATALOG,
  CATALOG_PARAM,
  DATABASE_PAGE,
  DATABASE_PARAM,
  INSTANCE_PARAM,
  LIMIT_QUERY,
  MARKER_QUERY,
  PROJECT_PARAM,
  TABLE_PAGE,
} from './catalog.openapi';
import { tableDto } from './create-table.dto';
import { LakeFormationExceptionFilter } from './lakeformation-exception.filter';
import { catalogOf, instanceOf, LakeFormationPath } from './lakeformation-path.params';
import { readListPartitions } from './list-partitions.dto';
import { ProjectTenantGuard } from './project-tenant.guard';

/**
 * LakeFormation's list APIs (support.huaweicloud.com api-lakeformation ListCatalogs, ListDatabases,
 * ListTables): catalogs as a plain array, databases and tables paged with `limit` / `marker` and a
 * `page_info` like the partition list's.
 */
@ApiTags('LakeFormation')
@ApiParam(PROJECT_PARAM)
@ApiParam(INSTANCE_PARAM)
@Controller('v1/:project_id/instances/:instance_id/catalogs')
@UseGuards(ProjectTenantGuard)
@UseFilters(LakeFormationExceptionFilter)
export class LakeFormationBrowseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Catalogs of the instance (not paged)' })
  @ApiOkResponse({ schema: apiArray(CATALOG) })
  async catalogs(@Req() request: EngineRequest, @Param() path: LakeFormationPath) {
    const catalogs = await this.queryBus.execute(
      new ListCatalogsQuery(principalOf(request).tenant, instanceOf(path)),
    );
    return catalogs.map(({ databases: _, ...c }) => catalogDto({ schemaVersion: 1, ...c }));
  }

  @Get(':catalog_name/databases')
  @ApiOperation({ summary: "A page of a catalog's databases by name" })
  @ApiParam(CATALOG_PARAM)
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(MARKER_QUERY)
  @ApiOkResponse({ schema: DATABASE_PAGE })
  async databases(
    @Req() request: EngineRequest,
    @Param() path: LakeFormationPath,
    @Query() query: Record<string, unknown>,
  ) {
    const { limit, marker } = readListPartitions(query);
    const page = await this.queryBus.execute(
      new ListDatabasesQuery(principalOf(request).tenant, instanceOf(path), catalogOf(path), limit, marker),
    );
    const { catalogId, catalogName } = page.catalog;
    return {
      databases: page.databases.map((d) => databaseDto({ schemaVersion: 1, catalogId, catalogName, ...d })),
      page_info: { next_marker: page.nextMarker ?? null, current_count: page.databases.length },
    };
  }

  @Get(':catalog_name/databases/:database_name/tables')
  @ApiOperation({ summary: "A page of a database's tables by name" })
  @ApiParam(CATALOG_PARAM)
  @ApiParam(DATABASE_PARAM)
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(MARKER_QUERY)
  @ApiOkResponse({ schema: TABLE_PAGE })
  async tables(
    @Req() request: EngineRequest,
    @Param() path: LakeFormationPath,
    @Query() query: Record<string, unknown>,
  ) {
    const { limit, marker } = readListPartitions(query);
    const database = DatabaseName.check(path.database_name ?? '');
    const page = await this.queryBus.execute(
      new ListTablesQuery(
        principalOf(request).tenant,
        instanceOf(path),
        catalogOf(path),
        database,
        limit,
        marker,
      ),
    );
    return {
      tables: page.tables.map(tableDto),
      page_info: { next_marker: page.nextMarker ?? null, current_count: page.tables.length },
    };
  }
}
