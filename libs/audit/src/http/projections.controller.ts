import { EngineWide, ProjectionRegistry, RequireRole } from '@engine/kernel';
import { ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PROJECTION_LIST, PROJECTION_REBUILD } from './audit.openapi';

/**
 * Read-model status and rebuilds. Read models hold every tenant's data and their positions count
 * every tenant's events, so both need an engine-wide key (rebuilding: an engine-wide admin).
 */
@ApiTags('projections')
@EngineWide()
@Controller('engine/v1/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionRegistry) {}

  @Get()
  @ApiOkResponse({ schema: PROJECTION_LIST })
  @ApiOperation({
    summary: 'Every projection: name, version, state, checkpoint, lag, events/s, last error (rebuilds too)',
  })
  async list() {
    return { projections: await this.projections.status() };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Rebuilds a projection from position 0 beside the live copy; queries use the live copy until the rebuild has caught up',
  })
  @ApiParam({ name: 'name', description: 'projection name (GET /engine/v1/projections)' })
  @ApiAcceptedResponse({ schema: PROJECTION_REBUILD })
  async rebuild(@Param('name') name: string) {
    if (!this.projections.names().includes(name)) throw new NotFoundException(`Unknown projection ${name}`);
    if ((await this.projections.status()).some((s) => s.name === name && s.state === 'rebuilding'))
      throw new ConflictException(`Projection ${name} is already rebuilding`);
    return { rebuilding: await this.projections.rebuild(name) };
  }
}
