import {
  CommandContextFactory,
  EngineRequest,
  principalOf,
  RequestValidationError,
  TimeTravel,
} from '@engine/kernel';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  BACKFILL_RESULT,
  CLEAR_RESULT,
  CREATED_PLAN,
  DELETE_RESULT,
  PLAN_HIT,
  PLAN_LIST,
  PLAN_UUID_PARAM,
  PLAN_VIEW,
} from './materialization.openapi';
import { ClearPartitionsCommand } from '../application/clear-partitions.command-handler';
import { CreatePlanCommand } from '../application/create-plan.command-handler';
import { DeletePlanCommand } from '../application/delete-plan.command-handler';
import { GetPlanHitQuery } from '../application/get-plan-hit.query-handler';
import { GetPlanQuery } from '../application/get-plan.query-handler';
import { ListPlansQuery } from '../application/list-plans.query-handler';
import { RecordBackfillCommand } from '../application/record-backfill.command-handler';
import { validateDto } from './dto.validator';
import {
  ClearPartitionRequestDto,
  CreatePlanRequestDto,
  UpdatePartitionRequestDto,
} from './plan-request.dto';
import { PLAN_HISTORY_OF, presentPlanAt } from './plan.time-travel.presenter';
import { optionalParam, requiredParam, resolvePlanId } from './request-params.parser';

/** The engine's own API for materialization plans; times without a zone are UTC. */
@ApiTags('materialization')
@ApiBearerAuth()
@Controller('engine/v1/materialization/plans')
export class MaterializationPlansController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a plan; returns its uuid (generated unless given)' })
  @ApiBody({ type: CreatePlanRequestDto })
  @ApiCreatedResponse({ schema: CREATED_PLAN })
  create(@Req() request: EngineRequest, @Body() body: unknown) {
    const { name, refreshType, granularity, uuid } = validateDto(CreatePlanRequestDto, body);
    return this.commandBus.execute(
      new CreatePlanCommand(this.contexts.create(request, 'native'), {
        name,
        refreshType,
        granularity,
        uuid,
      }),
    );
  }

  @Get()
  @ApiOperation({ summary: "The tenant's plans (deleted ones excluded)" })
  @ApiOkResponse({ schema: PLAN_LIST })
  list(@Req() request: EngineRequest) {
    return this.queryBus.execute(new ListPlansQuery(principalOf(request).tenant));
  }

  @Get(':uuid')
  @TimeTravel('matplan', (params) => params.uuid, presentPlanAt, PLAN_HISTORY_OF)
  @ApiOperation({
    summary: 'A plan and its partitions (materialized, cleared, failed; with a range also never)',
  })
  @ApiQuery({ name: 'start', required: false })
  @ApiQuery({ name: 'end', required: false })
  @ApiParam(PLAN_UUID_PARAM)
  @ApiOkResponse({ schema: PLAN_VIEW })
  get(
    @Req() request: EngineRequest,
    @Param('uuid') uuid: string,
    @Query('start') start?: unknown,
    @Query('end') end?: unknown,
  ) {
    const range = { start: optionalParam(start, 'start'), end: optionalParam(end, 'end') };
    if ((range.start === undefined) !== (range.end === undefined)) {
      throw new RequestValidationError(['give both start and end, or neither']);
    }
    return this.queryBus.execute(
      new GetPlanQuery(
        principalOf(request).tenant,
        uuid,
        range.start !== undefined && range.end !== undefined
          ? { start: range.start, end: range.end }
          : undefined,
      ),
    );
  }

  @Get(':uuid/hit')
  @ApiOperation({
    summary: 'Whether a query over [start, end] is fully served, and which partitions are missing',
  })
  @ApiQuery({ name: 'start', example: '2025-10-20T00:00:00' })
  @ApiQuery({ name: 'end', example: '2025-10-22T00:00:00', description: 'inclusive at the granularity' })
  @ApiParam(PLAN_UUID_PARAM)
  @ApiOkResponse({ schema: PLAN_HIT })
  hit(
    @Req() request: EngineRequest,
    @Param('uuid') uuid: string,
    @Query('start') start?: unknown,
    @Query('end') end?: unknown,
  ) {
    return this.queryBus.execute(
      new GetPlanHitQuery(
        principalOf(request).tenant,
        uuid,
        requiredParam(start, 'start'),
        requiredParam(end, 'end'),
      ),
    );
  }

  @Post(':uuid/backfills')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a backfill run (same body as CAN updatePartition)' })
  @ApiBody({ type: UpdatePartitionRequestDto })
  @ApiParam(PLAN_UUID_PARAM)
  @ApiOkResponse({ schema: BACKFILL_RESULT })
  backfill(@Req() request: EngineRequest, @Param('uuid') uuid: string, @Body() body: unknown) {
    const dto = validateDto(UpdatePartitionRequestDto, body ?? {});
    return this.commandBus.execute(
      new RecordBackfillCommand(
        this.contexts.create(request, 'native'),
        resolvePlanId(dto.uuid, uuid, 'path'),
        dto.runType ?? 'MANUAL',
        dto.successTimeRange ?? [],
        dto.failedTimeRange ?? [],
      ),
    );
  }

  @Post(':uuid/clear')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear partitions (same body as CAN clearPartition); reports how many changed' })
  @ApiBody({ type: ClearPartitionRequestDto })
  @ApiParam(PLAN_UUID_PARAM)
  @ApiOkResponse({ schema: CLEAR_RESULT })
  clear(@Req() request: EngineRequest, @Param('uuid') uuid: string, @Body() body: unknown) {
    const dto = validateDto(ClearPartitionRequestDto, body ?? {});
    return this.commandBus.execute(
      new ClearPartitionsCommand(
        this.contexts.create(request, 'native'),
        resolvePlanId(dto.uuid, uuid, 'path'),
        dto.timeRange ?? [],
      ),
    );
  }

  @Delete(':uuid')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a plan (its history stays in the event store)' })
  @ApiParam(PLAN_UUID_PARAM)
  @ApiOkResponse({ schema: DELETE_RESULT })
  delete(@Req() request: EngineRequest, @Param('uuid') uuid: string) {
    return this.commandBus.execute(new DeletePlanCommand(this.contexts.create(request, 'native'), uuid));
  }
}
