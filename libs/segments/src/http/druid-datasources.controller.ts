import { CommandContextFactory, EngineRequest } from '@engine/kernel';
import { Body, Controller, Delete, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeSegmentsCommand, MarkSegmentUsedByIdCommand } from '../application';
import { SegmentsCommand } from '../domain';
import { DruidExceptionFilter } from './druid-exception.filter';
import { DruidUnsupportedMediaTypeError } from './druid.errors';
import { druidInterval, toSegmentSelector } from './segments-to-update.dto';

/**
 * Druid coordinator's data management API (seeds/druid-data-management.txt). Single-segment and
 * whole-datasource calls answer 200 even for unknown datasources or segments, as Druid does.
 * Path parameters arrive URL-decoded (`%3A` is `:`).
 */
@ApiTags('druid')
@Controller('druid/coordinator/v1/datasources')
@UseFilters(DruidExceptionFilter)
export class DruidDatasourcesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Delete(':datasource/segments/:segmentId')
  @HttpCode(200)
  async markSegmentUnused(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Param('segmentId') segmentId: string,
  ) {
    const { changed } = await this.run(req, { type: 'MarkSegmentUnused', datasource, segmentId });
    return { segmentStateChanged: changed > 0 };
  }

  @Post(':datasource/segments/:segmentId')
  @HttpCode(200)
  async markSegmentUsed(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Param('segmentId') segmentId: string,
  ) {
    const { changed } = await this.run(req, { type: 'MarkSegmentUsed', datasource, segmentId });
    return { segmentStateChanged: changed > 0 };
  }

  /** The seed's form without a datasource in the path: the datasource is parsed from the ID. */
  @Post('segments/:segmentId')
  @HttpCode(200)
  async markSegmentUsedById(@Req() req: EngineRequest, @Param('segmentId') segmentId: string) {
    const context = this.contexts.create(req, 'druid');
    const { changed } = await this.commandBus.execute(new MarkSegmentUsedByIdCommand(segmentId, context));
    return { segmentStateChanged: changed > 0 };
  }

  @Post(':datasource/markUnused')
  @HttpCode(200)
  async markSegmentsUnused(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Body() body: unknown,
  ) {
    requireJson(req);
    const { changed } = await this.run(req, {
      type: 'MarkSegmentsUnused',
      datasource,
      selector: toSegmentSelector(body),
    });
    return { numChangedSegments: changed };
  }

  @Post(':datasource/markUsed')
  @HttpCode(200)
  async markSegmentsUsed(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Body() body: unknown,
  ) {
    requireJson(req);
    const { changed } = await this.run(req, {
      type: 'MarkSegmentsUsed',
      datasource,
      selector: toSegmentSelector(body),
    });
    return { numChangedSegments: changed };
  }

  /** Marks every segment unused; with the deprecated `?kill=true&interval=...` it kills instead. */
  @Delete(':datasource')
  @HttpCode(200)
  async markAllUnused(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Query('kill') kill?: string,
    @Query('interval') interval?: string,
  ) {
    // Druid reads the flag with Boolean.valueOf: `TRUE` and `True` kill too (BEHAVIOUR.md §6).
    if (kill?.toLowerCase() === 'true') return this.kill(req, datasource, interval ?? '');
    const { changed } = await this.run(req, { type: 'MarkAllSegmentsUnused', datasource });
    return { numChangedSegments: changed };
  }

  @Post(':datasource')
  @HttpCode(200)
  async markAllUsed(@Req() req: EngineRequest, @Param('datasource') datasource: string) {
    const { changed } = await this.run(req, { type: 'MarkAllSegmentsUsed', datasource });
    return { numChangedSegments: changed };
  }

  /** Deletes the metadata of unused segments in `start_end` (or `start/end`); 200 with an empty body. */
  @Delete(':datasource/intervals/:interval')
  @HttpCode(200)
  async kill(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Param('interval') interval: string,
  ) {
    await this.run(req, { type: 'KillUnusedSegments', datasource, interval: druidInterval(interval) });
  }

  private run(req: EngineRequest, command: SegmentsCommand) {
    return this.commandBus.execute(new ChangeSegmentsCommand(command, this.contexts.create(req, 'druid')));
  }
}

/** markUsed / markUnused are `@Consumes(MediaType.APPLICATION_JSON)` in Druid's DataSourcesResource. */
function requireJson(req: EngineRequest): void {
  const header = (req as EngineRequest & { headers?: Record<string, string | string[] | undefined> })
    .headers?.['content-type'];
  const contentType = Array.isArray(header) ? header[0] : header;
  if (contentType !== undefined && !/^application\/json\b/i.test(contentType.trim())) {
    throw new DruidUnsupportedMediaTypeError(contentType);
  }
}
