import { CommandContextFactory, EngineRequest } from '@engine/kernel';
import { Body, Controller, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CATALOG,
  CATALOG_PARAM,
  CREATE_CATALOG,
  CREATE_DATABASE,
  DATABASE,
  INSTANCE_PARAM,
  PROJECT_PARAM,
} from './catalog.openapi';
import { CommandBus } from '@nestjs/cqrs';
import { CreateCatalogCommand, CreateDatabaseCommand } from '../application';
import { catalogDto, databaseDto, readCreateCatalog, readCreateDatabase } from './catalog.dto';
import { LakeFormationExceptionFilter } from './lakeformation-exception.filter';
import { catalogOf, instanceOf, LakeFormationPath } from './lakeformation-path.params';
import { ProjectTenantGuard } from './project-tenant.guard';

export const LAKEFORMATION_SOURCE = 'lakeformation';

/** LakeFormation catalogs and databases of one instance. */
@ApiTags('LakeFormation')
@ApiParam(PROJECT_PARAM)
@ApiParam(INSTANCE_PARAM)
@Controller('v1/:project_id/instances/:instance_id/catalogs')
@UseGuards(ProjectTenantGuard)
@UseFilters(LakeFormationExceptionFilter)
export class LakeFormationCatalogsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Creates a catalog' })
  @ApiBody({ schema: CREATE_CATALOG })
  @ApiCreatedResponse({ schema: CATALOG })
  @HttpCode(201)
  async createCatalog(
    @Req() request: EngineRequest,
    @Param() path: LakeFormationPath,
    @Body() body: unknown,
  ) {
    const instanceId = instanceOf(path);
    const input = readCreateCatalog(body);
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    return catalogDto(await this.commandBus.execute(new CreateCatalogCommand(context, instanceId, input)));
  }

  @Post(':catalog_name/databases')
  @ApiOperation({ summary: 'Creates a database in a catalog' })
  @ApiParam(CATALOG_PARAM)
  @ApiBody({ schema: CREATE_DATABASE })
  @ApiCreatedResponse({ schema: DATABASE })
  @HttpCode(201)
  async createDatabase(
    @Req() request: EngineRequest,
    @Param() path: LakeFormationPath,
    @Body() body: unknown,
  ) {
    const instanceId = instanceOf(path);
    const input = { catalogName: catalogOf(path), ...readCreateDatabase(body) };
    const context = this.contexts.create(request, LAKEFORMATION_SOURCE);
    return databaseDto(await this.commandBus.execute(new CreateDatabaseCommand(context, instanceId, input)));
  }
}
