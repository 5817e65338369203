import { CommandContextFactory, type EngineRequest, principalOf } from '@engine/kernel';
import { Controller, Get, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DORIS_RUN_STATUS, DORIS_SHOW, DORIS_STATUS } from './compaction.openapi';
import { TriggerCompactionCommand } from '../application/trigger-compaction.command-handler';
import { TriggerTableCompactionCommand } from '../application/trigger-table-compaction.command-handler';
import { GetTabletStatusQuery } from '../application/get-tablet-status.query-handler';
import { TabletError } from '../domain';
import { DorisExceptionFilter } from './doris-exception.filter';
import { compactionTarget, requiredTabletId } from './doris-compaction.params';
import { runStatusBody, showBody } from './doris-compaction.presenter';

/** Doris BE's manual compaction API (seeds/doris-trigger-compaction.txt): always HTTP 200. */
@ApiTags('doris compaction')
@Controller('api/compaction')
@UseFilters(DorisExceptionFilter)
export class DorisCompactionController {
  constructor(
    private readonly contexts: CommandContextFactory,
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Trigger a compaction of a tablet, or a full compaction of every tablet of a table',
  })
  @ApiQuery({ name: 'tablet_id', required: false, description: 'one tablet (or table_id)' })
  @ApiQuery({ name: 'table_id', required: false, description: 'every tablet of a table (full compaction)' })
  @ApiQuery({ name: 'compact_type', required: true, enum: ['base', 'cumulative', 'full'] })
  @ApiOkResponse({
    schema: DORIS_STATUS,
    description: 'Always 200; `status: Fail` with the reason on errors',
  })
  async run(@Req() request: EngineRequest, @Query() query: Record<string, unknown>) {
    const target = compactionTarget(query);
    const context = this.contexts.create(request, 'doris');
    if (target.kind === 'table') {
      await this.commandBus.execute(new TriggerTableCompactionCommand(context, target.tableId));
    } else {
      await this.commandBus.execute(
        new TriggerCompactionCommand(context, target.tabletId, target.compactionType),
      );
    }
    return { status: 'Success', msg: 'compaction task is successfully triggered.' };
  }

  @Get('run_status')
  @ApiOperation({ summary: 'Whether a compaction of the tablet is running' })
  @ApiQuery({ name: 'tablet_id', required: true })
  @ApiOkResponse({ schema: DORIS_RUN_STATUS })
  async runStatus(@Req() request: EngineRequest, @Query() query: Record<string, unknown>) {
    return runStatusBody(await this.tablet(request, requiredTabletId(query)));
  }

  @Get('show')
  @ApiOperation({ summary: "The tablet's rowsets, cumulative point and last compaction times" })
  @ApiQuery({ name: 'tablet_id', required: true })
  @ApiOkResponse({ schema: DORIS_SHOW })
  async show(@Req() request: EngineRequest, @Query() query: Record<string, unknown>) {
    return showBody(await this.tablet(request, requiredTabletId(query)));
  }

  private async tablet(request: EngineRequest, tabletId: number) {
    const tablet = await this.queryBus.execute(
      new GetTabletStatusQuery(principalOf(request).tenant, tabletId),
    );
    if (!tablet) throw new TabletError('TABLET_NOT_FOUND', 'Tablet not found', { tabletId });
    return tablet;
  }
}
