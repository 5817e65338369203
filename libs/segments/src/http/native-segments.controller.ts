import {
  BodyLimits,
  CommandContextFactory,
  EngineRequest,
  principalOf,
  RequestValidationError,
  TimeTravel,
} from '@engine/kernel';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
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
import { ChangeSegmentsCommand, ListSegmentsQuery } from '../application';
import { formatSegmentId, Interval } from '../domain';
import { intervalParam } from './segments-to-update.dto';
import { SegmentState } from '../read-models';
import { NativeSegmentsExceptionFilter } from './native-segments-exception.filter';
import { MAX_SEGMENTS_PER_REQUEST, PublishSegmentsDto, toSegmentsToPublish } from './publish-segments.dto';
import { toNativeSegment } from './segment-json.presenter';
import { validateBody } from './body.validator';

const STATES: Record<string, SegmentState[]> = {
  used: ['used'],
  unused: ['unused'],
  all: ['used', 'unused'],
};
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
@UseFilters(NativeSegmentsExceptionFilter)
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

  @Get(':datasource/segments')
  @ApiOperation({
    summary: 'Segments of a datasource by state and interval (time travel: asOf / atPosition)',
  })
  @ApiParam(DATASOURCE_PARAM)
  @ApiQuery({ name: 'state', required: false, enum: ['used', 'unused', 'all'] })
  @ApiQuery({ name: 'interval', required: false, description: 'ISO-8601 start/end' })
  @ApiOkResponse({ schema: apiObject({ segments: apiArray(NATIVE_SEGMENT) }) })
  @TimeTravel('datasource', (params) => params.datasource)
  async list(
    @Req() req: EngineRequest,
    @Param('datasource') datasource: string,
    @Query('state') state = 'used',
    @Query('interval') interval?: string,
  ) {
    const states = STATES[state];
    if (!states) throw new RequestValidationError(['state must be used, unused or all']);
    const rows = await this.queryBus.execute(
      new ListSegmentsQuery(
        principalOf(req).tenant,
        datasource,
        states,
        interval === undefined ? undefined : nativeInterval(interval),
      ),
    );
    return { segments: rows.map(toNativeSegment) };
  }
}

function nativeInterval(text: string): Interval {
  const interval = intervalParam(text);
  if (!interval)
    throw new RequestValidationError(["interval must be 'start/end' ISO-8601 with start before end"]);
  return interval;
}
