import {
  CommandContextFactory,
  principalOf,
  RequestValidationError,
  TimeTravel,
  type EngineRequest,
} from '@engine/kernel';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ADD_ROWSET,
  COMPACTION_PARAM,
  COMPLETE_COMPACTION,
  FAIL_COMPACTION,
  REGISTER_TABLET,
  TABLET,
  TABLET_PARAM,
  TRIGGER_COMPACTION,
} from './compaction.openapi';
import { AddRowsetCommand } from '../application/add-rowset.command-handler';
import { GetTabletStatusQuery } from '../application/get-tablet-status.query-handler';
import { RegisterTabletCommand } from '../application/register-tablet.command-handler';
import {
  ReportCompactionProgressCommand,
  type CompactionProgress,
} from '../application/report-compaction-progress.command-handler';
import { TriggerCompactionCommand } from '../application/trigger-compaction.command-handler';
import { segmentsFor, TabletError } from '../domain';
import { tabletJson } from './tablet.presenter';
import {
  AddRowsetDto,
  CompleteCompactionDto,
  FailCompactionDto,
  RegisterTabletDto,
  TriggerCompactionDto,
} from './tablet.dto';
import { idParam, validated } from './validated';
import { presentTabletAt, TABLET_HISTORY, TABLET_HISTORY_OF } from './tablet.time-travel.presenter';

const HISTORY = TABLET_HISTORY;

/** Native tablet API; an external compaction executor reports progress through it. */
@ApiTags('tablets')
@Controller('engine/v1/tablets')
export class TabletsController {
  constructor(
    private readonly contexts: CommandContextFactory,
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a tablet with its rowsets and cumulative point' })
  @ApiBody({ schema: REGISTER_TABLET })
  @ApiCreatedResponse({ schema: TABLET })
  async register(@Req() request: EngineRequest, @Body() body: unknown) {
    const dto = validated(RegisterTabletDto, body);
    const rowsets = dto.rowsets.map((r) => ({
      startVersion: r.start_version,
      endVersion: r.end_version,
      size: r.size,
      segments: r.segments,
    }));
    const registration = {
      tabletId: dto.tablet_id,
      tableId: dto.table_id,
      schemaHash: dto.schema_hash,
      rowsets,
      cumulativePoint: dto.cumulative_point,
    };
    await this.commandBus.execute(
      new RegisterTabletCommand(this.contexts.create(request, 'native'), registration),
    );
    return this.view(request, dto.tablet_id);
  }

  @Post(':tablet_id/rowsets')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a load: a new rowset at the next version' })
  @ApiParam(TABLET_PARAM)
  @ApiBody({ schema: ADD_ROWSET })
  @ApiCreatedResponse({ schema: TABLET })
  async addRowset(@Req() request: EngineRequest, @Param('tablet_id') rawId: string, @Body() body: unknown) {
    const tabletId = idParam('tablet_id', rawId);
    const dto = validated(AddRowsetDto, body);
    const context = this.contexts.create(request, 'native');
    await this.commandBus.execute(
      new AddRowsetCommand(context, tabletId, { size: dto.size, segments: dto.segments }),
    );
    return this.view(request, tabletId);
  }

  @Get(':tablet_id')
  @TimeTravel('tablet', (params) => params.tablet_id, presentTabletAt, TABLET_HISTORY_OF)
  @ApiOperation({ summary: 'Rowsets, cumulative point, running compaction and compaction history' })
  @ApiParam(TABLET_PARAM)
  @ApiOkResponse({ schema: TABLET })
  async get(@Req() request: EngineRequest, @Param('tablet_id') rawId: string) {
    return this.view(request, idParam('tablet_id', rawId));
  }

  @Post(':tablet_id/compactions')
  @HttpCode(202)
  @ApiOperation({ summary: 'Trigger a compaction (base, cumulative or full)' })
  @ApiParam(TABLET_PARAM)
  @ApiBody({ schema: TRIGGER_COMPACTION })
  @ApiAcceptedResponse({ schema: TABLET })
  async trigger(@Req() request: EngineRequest, @Param('tablet_id') rawId: string, @Body() body: unknown) {
    const tabletId = idParam('tablet_id', rawId);
    const { compaction_type } = validated(TriggerCompactionDto, body);
    const context = this.contexts.create(request, 'native');
    await this.commandBus.execute(new TriggerCompactionCommand(context, tabletId, compaction_type));
    return this.view(request, tabletId);
  }

  @Post(':tablet_id/compactions/:compaction_id/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Executor callback: the compaction has started' })
  @ApiParam(TABLET_PARAM)
  @ApiParam(COMPACTION_PARAM)
  @ApiOkResponse({ schema: TABLET })
  start(
    @Req() request: EngineRequest,
    @Param('tablet_id') tabletId: string,
    @Param('compaction_id') id: string,
  ) {
    return this.report(request, tabletId, id, { kind: 'start' });
  }

  @Post(':tablet_id/compactions/:compaction_id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Executor callback: the merge is written (optional output size and segments)' })
  @ApiParam(TABLET_PARAM)
  @ApiParam(COMPACTION_PARAM)
  @ApiBody({ schema: COMPLETE_COMPACTION, required: false })
  @ApiOkResponse({ schema: TABLET })
  complete(
    @Req() request: EngineRequest,
    @Param('tablet_id') tabletId: string,
    @Param('compaction_id') id: string,
    @Body() body: unknown,
  ) {
    const { size, segments } = validated(CompleteCompactionDto, body, true);
    if (size === undefined && segments !== undefined)
      throw new RequestValidationError(['segments needs size']);
    const output = size === undefined ? undefined : { size, segments: segments ?? segmentsFor(size) };
    return this.report(request, tabletId, id, { kind: 'complete', output });
  }

  @Post(':tablet_id/compactions/:compaction_id/fail')
  @HttpCode(200)
  @ApiOperation({ summary: 'Executor callback: the compaction failed' })
  @ApiParam(TABLET_PARAM)
  @ApiParam(COMPACTION_PARAM)
  @ApiBody({ schema: FAIL_COMPACTION })
  @ApiOkResponse({ schema: TABLET })
  fail(
    @Req() request: EngineRequest,
    @Param('tablet_id') tabletId: string,
    @Param('compaction_id') id: string,
    @Body() body: unknown,
  ) {
    return this.report(request, tabletId, id, {
      kind: 'fail',
      reason: validated(FailCompactionDto, body).reason,
    });
  }

  private async report(
    request: EngineRequest,
    rawId: string,
    compactionId: string,
    progress: CompactionProgress,
  ) {
    const tabletId = idParam('tablet_id', rawId);
    const context = this.contexts.create(request, 'native');
    await this.commandBus.execute(
      new ReportCompactionProgressCommand(context, tabletId, compactionId, progress),
    );
    return this.view(request, tabletId);
  }

  private async view(request: EngineRequest, tabletId: number) {
    const tablet = await this.queryBus.execute(
      new GetTabletStatusQuery(principalOf(request).tenant, tabletId, HISTORY),
    );
    if (!tablet) throw new TabletError('TABLET_NOT_FOUND', `tablet ${tabletId} not found`, { tabletId });
    return tabletJson(tablet);
  }
}
