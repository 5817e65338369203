import {
  BodyLimits,
  CommandContextFactory,
  EngineRequest,
  principalOf,
  RequestValidationError,
  TimeTravel,
} from '@engine/kernel';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { apiArray, apiObject, apiString } from '@engine/kernel';
import { DATASOURCE_PARAM, NATIVE_SEGMENT, PUBLISH_SEGMENTS } from './segments.openapi';
import { ChangeSegmentsCommand, ListSegmentsPageQuery, ListSegmentsQuery } from '../application';
import { formatSegmentId } from '../domain';
import { nativeInterval, segmentCursor, segmentListPage, STATES } from './native-segments.params';
import { presentSegmentsAt } from './segments.time-travel.presenter';
import { MAX_SEGMENTS_PER_REQUEST, PublishSegmentsDto, toSegmentsToPublish } from './publish-segments.dto';
import { toNativeSegment } from './segment-json.presenter';
import { validateBody } from './body.validator';

/** Druid-compatible names: 1-255 characters, no `/` or control characters, not starting with a space or `.`. */
function isDatasourceName(name: string): boolean {
  return (
    /^[^\s./][^/]{0,254}$/.test(name) &&
    ![...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
  );
}

/** The engine's own API for segments: publishing (what an indexing task would do) and listing. */
@ApiTags('segments')
@Controller('engine/v1/datasources')
export class NativeSegmentsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  /** Publishes used segments; 201 with every ID of the request (an existing ID changes nothing). */
  @Post(':datasource/segments')
  @ApiOperation({
    summary: 'Publishes used segments (what an indexing task does); idempotent per segment ID',
  })
  @ApiParam(DATASOURCE_PARAM)
  @ApiBody({ schema: PUBLISH_SEGMENTS })
  @ApiCreatedResponse({ schema: apiObject({ segmentIds: apiArray(apiString()) }) })
  @HttpCode(201)
  // A publish carries up to 100,000 segments of ~150 bytes each.
  @BodyLimits({ bytes: 32 * 1024 * 1024, arrayLength: MAX_SEGMENTS_PER_REQUEST })
  async publish(@Req() req: EngineRequest, @Param('datasource') datasource: string, @Body() body: unknown) {
    if (!isDatasourceName(datasource))
      throw new RequestValidationError([`invalid datasource name: ${datasource}`]);
    const dto = validateBody(PublishSegmentsDto, body);
    if (Array.isArray(dto)) throw new RequestValidationError(dto);
    const segments = toSegmentsToPublish(dto);
    const command = { type: 'PublishSegments' as const, datasource, segments };
    await this.commandBus.execute(new ChangeSegmentsCommand(command, this.contexts.create(req, 'native')));
    return { segmentIds: [...new Set(segments.map((s) => formatSegmentId({ datasource, ...s })))] };
  }

  /** With `limit` / `cursor`, one page at a time in the same order (and `next` while more remain). */
  @Get(':datasource/segments')
  @ApiOperation({
    summary: 'Segments of a datasource by state and interval (time travel: asOf / atPosition)',
  })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'state', required: false, enum: ['used', 'unused', 'overshadowed', 'all'] })
  @ApiQuery({ name: 'limit', required: false, description: 'page size; with `cursor`, pages in list order' })
  @ApiQuery({ name: 'cursor', required: false, description: 'the `nextCursor` of the previous page' })
  @ApiQuery({ name: 'interval', required: false, description: 'ISO-8601 start/end' })
  @ApiOkResponse({ schema: apiObject({ segments: apiArray(NATIVE_SEGMENT) }) })
  @TimeTravel('datasource', (params) => params.datasource, presentSegmentsAt)
  async list(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Query() query: Record<string, unknown>,
  ) {
    const { state = 'used', interval } = query;
    const states = typeof state === 'string' ? STATES[state] : undefined;
    if (!states) throw new RequestValidationError(['state must be used, unused or all']);
    const within = interval === undefined ? undefined : nativeInterval(String(interval));
    const page = segmentListPage(query);
    const tenant = principalOf(req).tenant;
    if (!page) {
      const rows = await this.queryBus.execute(new ListSegmentsQuery(tenant, datasource, states, within));
      return { segments: rows.map(toNativeSegment) };
    }
    const rows = await this.queryBus.execute(
      new ListSegmentsPageQuery(tenant, datasource, states, within, page.after, page.limit + 1),
    );
    const shown = rows.slice(0, page.limit);
    return {
      segments: shown.map(toNativeSegment),
      ...(rows.length > page.limit ? { next: segmentCursor(shown[shown.length - 1]) } : {}),
    };
  }
}
