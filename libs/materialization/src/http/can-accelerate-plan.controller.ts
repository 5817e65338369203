import { CommandContextFactory, EngineRequest } from '@engine/kernel';
import { Body, Controller, HttpCode, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CAN_ENVELOPE } from './materialization.openapi';
import { ClearPartitionsCommand } from '../application/clear-partitions.command-handler';
import { RecordBackfillCommand } from '../application/record-backfill.command-handler';
import { CanEnvelope, canSuccess } from './can-envelope.dto';
import { CanExceptionFilter } from './can-exception.filter';
import { CanTenantGuard } from './can-tenant.guard';
import { validateDto } from './dto.validator';
import { ClearPartitionRequestDto, UpdatePartitionRequestDto } from './plan-request.dto';
import { optionalParam, resolvePlanId } from './request-params.parser';

/**
 * CAN's acceleration-plan API (Aloudata CAN). Metadata only: clearing or recording a backfill
 * never touches table data. Errors come back as CAN envelopes with `code` = HTTP status:
 * 400 bad input, 401 missing/invalid key or auth-type, 403 key of another tenant than
 * `tenant-id`, 404 unknown or deleted plan, 409 concurrent change, 503 store unavailable.
 */
@ApiTags('CAN materialization (seed-compatible)')
@ApiHeader({ name: 'tenant-id', required: true, description: "Must be the API key's tenant" })
@ApiHeader({ name: 'auth-type', required: true, description: 'UID, TOKEN, ACCOUNT or APIKEY' })
@ApiHeader({ name: 'auth-value', required: true, description: 'The API key' })
@UseFilters(CanExceptionFilter)
@UseGuards(CanTenantGuard)
@ApiParam({ name: 'version', description: 'API version, e.g. v1' })
@Controller('anymetrics/api/:version/accelerate/plan')
export class CanAcceleratePlanController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Post('clearPartition')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Clear materialized partitions (metadata only)',
    description:
      'Body `{uuid, timeRange}`, or the seed example form: a bare timeRange array with `?uuid=`. ' +
      'Both ends of a range are inclusive at the granularity; times without a zone are UTC. ' +
      'An empty timeRange on a full-refresh plan clears the whole table.',
  })
  @ApiBody({ type: ClearPartitionRequestDto })
  @ApiQuery({ name: 'uuid', required: false })
  @ApiOkResponse({ schema: CAN_ENVELOPE, description: 'Errors use the same envelope with success false' })
  async clearPartition(
    @Req() request: EngineRequest,
    @Body() body: unknown,
    @Query('uuid') uuid?: unknown,
  ): Promise<CanEnvelope> {
    const dto = validateDto(
      ClearPartitionRequestDto,
      Array.isArray(body) ? { timeRange: body } : (body ?? {}),
    );
    const planId = resolvePlanId(dto.uuid, optionalParam(uuid, 'uuid'), 'query string');
    await this.commandBus.execute(
      new ClearPartitionsCommand(this.contexts.create(request, 'can'), planId, dto.timeRange ?? []),
    );
    return canSuccess();
  }

  @Post('updatePartition')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a backfill run: successTimeRange becomes hit-able, failedTimeRange failed',
    description: 'A run without failures on a full-refresh plan makes the whole table hit-able again.',
  })
  @ApiBody({ type: UpdatePartitionRequestDto })
  @ApiQuery({ name: 'uuid', required: false })
  @ApiOkResponse({ schema: CAN_ENVELOPE, description: 'Errors use the same envelope with success false' })
  async updatePartition(
    @Req() request: EngineRequest,
    @Body() body: unknown,
    @Query('uuid') uuid?: unknown,
  ): Promise<CanEnvelope> {
    const dto = validateDto(UpdatePartitionRequestDto, body ?? {});
    const planId = resolvePlanId(dto.uuid, optionalParam(uuid, 'uuid'), 'query string');
    await this.commandBus.execute(
      new RecordBackfillCommand(
        this.contexts.create(request, 'can'),
        planId,
        dto.runType ?? 'MANUAL',
        dto.successTimeRange ?? [],
        dto.failedTimeRange ?? [],
      ),
    );
    return canSuccess();
  }
}
