import {
  CommandContextFactory,
  EngineRequest,
  principalOf,
  RequestValidationError,
  TimeTravel,
} from '@engine/kernel';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeSegmentsCommand, ListSegmentsQuery } from '../application';
import { formatSegmentId } from '../domain';
import { nativeInterval, STATES } from './native-segments.params';
import { presentSegmentsAt } from './segments.time-travel.presenter';
import { NativeSegmentsExceptionFilter } from './native-segments-exception.filter';
import { PublishSegmentsDto, toSegmentsToPublish } from './publish-segments.dto';
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
@UseFilters(NativeSegmentsExceptionFilter)
export class NativeSegmentsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  /** Publishes used segments; 201 with every ID of the request (an existing ID changes nothing). */
  @Post(':datasource/segments')
  @HttpCode(201)
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
  @TimeTravel('datasource', (params) => params.datasource, presentSegmentsAt)
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
