import { BodyLimits, CommandContextFactory, EngineRequest } from '@engine/kernel';
import { Body, Controller, Delete, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  DATASOURCE_PARAM,
  NUM_CHANGED_SEGMENTS,
  SEGMENT_ID_PARAM,
  SEGMENT_STATE_CHANGED,
  SEGMENTS_TO_UPDATE,
} from './segments.openapi';
import { ChangeSegmentsCommand, MarkSegmentUsedByIdCommand } from '../application';
import { SegmentsCommand } from '../domain';
import { DruidExceptionFilter } from './druid-exception.filter';
import { DruidUnsupportedMediaTypeError } from './druid.errors';
import { druidInterval, toSegmentSelector } from './segments-to-update.dto';

/** markUsed/markUnused may name as many segment IDs (~100 bytes each) as a publish holds. */
const SEGMENT_ID_LIST = { bytes: 16 * 1024 * 1024, arrayLength: 100_000 };

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
  @ApiOperation({ summary: 'Marks one segment unused (200 even for an unknown segment)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiParam(SEGMENT_ID_PARAM)
  @ApiOkResponse({ schema: SEGMENT_STATE_CHANGED })
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
  @ApiOperation({ summary: 'Marks one segment used again' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiParam(SEGMENT_ID_PARAM)
  @ApiOkResponse({ schema: SEGMENT_STATE_CHANGED })
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
  @ApiOperation({ summary: 'Marks one segment used, the datasource parsed from its ID' })
  @ApiParam(SEGMENT_ID_PARAM)
  @ApiOkResponse({ schema: SEGMENT_STATE_CHANGED })
  @HttpCode(200)
  async markSegmentUsedById(@Req() req: EngineRequest, @Param('segmentId') segmentId: string) {
    const context = this.contexts.create(req, 'druid');
    const { changed } = await this.commandBus.execute(new MarkSegmentUsedByIdCommand(segmentId, context));
    return { segmentStateChanged: changed > 0 };
  }

  @Post(':datasource/markUnused')
  @ApiOperation({ summary: 'Marks segments unused by ID list or by interval (and versions)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiBody({ schema: SEGMENTS_TO_UPDATE })
  @ApiOkResponse({ schema: NUM_CHANGED_SEGMENTS })
  @HttpCode(200)
  @BodyLimits(SEGMENT_ID_LIST)
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
  @ApiOperation({ summary: 'Marks segments used by ID list or by interval (and versions)' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiBody({ schema: SEGMENTS_TO_UPDATE })
  @ApiOkResponse({ schema: NUM_CHANGED_SEGMENTS })
  @HttpCode(200)
  @BodyLimits(SEGMENT_ID_LIST)
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
  @ApiOperation({
    summary: 'Marks every segment of the datasource unused (deprecated `?kill=true&interval=` kills instead)',
  })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'kill', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'interval', required: false, description: 'with kill=true: `start_end` or `start/end`' })
  @ApiOkResponse({
    schema: NUM_CHANGED_SEGMENTS,
    description: 'numChangedSegments; empty body with kill=true',
  })
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
  @ApiOperation({ summary: 'Marks every segment of the datasource used' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiOkResponse({ schema: NUM_CHANGED_SEGMENTS })
  @HttpCode(200)
  async markAllUsed(@Req() req: EngineRequest, @Param('datasource') datasource: string) {
    const { changed } = await this.run(req, { type: 'MarkAllSegmentsUsed', datasource });
    return { numChangedSegments: changed };
  }

  /** Deletes the metadata of unused segments in `start_end` (or `start/end`); 200 with an empty body. */
  @Delete(':datasource/intervals/:interval')
  @ApiOperation({ summary: 'Kills (deletes the metadata of) the unused segments in the interval' })
  @ApiParam(DATASOURCE_PARAM)
  @ApiParam({ name: 'interval', description: '`start_end` or URL-encoded `start/end`' })
  @ApiOkResponse({
    description: 'Empty body',
    content: { 'application/json': { schema: { type: 'string', maxLength: 0 } } },
  })
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
