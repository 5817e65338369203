import { CommandContextFactory, EngineRequest } from '@engine/kernel';
import { Body, Controller, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { CreateCatalogCommand, CreateDatabaseCommand } from '../application';
import { catalogDto, databaseDto, readCreateCatalog, readCreateDatabase } from './catalog.dto';
import { LakeFormationExceptionFilter } from './lakeformation-exception.filter';
import { catalogOf, instanceOf, LakeFormationPath } from './lakeformation-path.params';
import { ProjectTenantGuard } from './project-tenant.guard';

export const LAKEFORMATION_SOURCE = 'lakeformation';

/** LakeFormation catalogs and databases of one instance. */
@ApiTags('LakeFormation')
@Controller('v1/:project_id/instances/:instance_id/catalogs')
@UseGuards(ProjectTenantGuard)
@UseFilters(LakeFormationExceptionFilter)
export class LakeFormationCatalogsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post()
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
