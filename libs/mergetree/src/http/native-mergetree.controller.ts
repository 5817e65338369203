import { CommandContextFactory, EngineRequest, principalOf, TimeTravel } from '@engine/kernel';
import { DomainError } from '@engine/kernel/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { apiObject, apiString } from '@engine/kernel';
import { ADD_PART, PART_RECORD, REGISTER_DETACHED, TABLE_OVERVIEW } from './mergetree.openapi';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetTableOverviewQuery, RunTableCommand } from '../application';
import type { TableOverview } from '../read-models';
import type { PartRecord } from '../domain';
import { AddPartDto, partitionValues, RegisterDetachedPartDto, validated } from './native-mergetree.dto';
import { presentTableAt, TABLE_HISTORY_OF } from './table.time-travel.presenter';

/** The engine's own API for MergeTree tables: record a written part, read a table's lifecycle state. */
@ApiTags('mergetree')
@ApiParam({ name: 'database' })
@ApiParam({ name: 'table' })
@Controller('engine/v1/mergetree/tables')
export class NativeMergeTreeController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
  ) {}

  /** The engine assigns the block number and the name (`{pid}_{n}_{n}_0`). */
  @Post(':database/:table/parts')
  @ApiOperation({ summary: 'Records a written part; the engine assigns its block number and name' })
  @ApiBody({ schema: ADD_PART })
  @ApiCreatedResponse({ schema: apiObject({ name: apiString(), part: PART_RECORD }) })
  @HttpCode(201)
  async addPart(
    @Param('database') database: string,
    @Param('table') table: string,
    @Body() body: unknown,
    @Req() request: EngineRequest,
  ): Promise<{ name: string; part: PartRecord }> {
    const dto = validated(AddPartDto, ['partition', 'rows', 'bytesOnDisk'], body);
    const context = this.contexts.create(request, 'native');
    const { events } = await this.commandBus.execute(
      new RunTableCommand(
        {
          type: 'AddPart',
          table: { database, table },
          now: context.now.toISOString(),
          values: partitionValues(dto.partition),
          rows: dto.rows,
          bytesOnDisk: dto.bytesOnDisk,
        },
        context,
      ),
    );
    const [event] = events;
    if (event?.type !== 'PartAdded') throw new Error('AddPart produced no PartAdded event');
    return { name: event.data.part.name, part: event.data.part };
  }

  /** An executor reports a part directory it found in detached (e.g. `broken_...` after a checksum failure). */
  @Post(':database/:table/detached')
  @ApiOperation({ summary: 'An executor reports a part directory it found in detached (e.g. broken_...)' })
  @ApiBody({ schema: REGISTER_DETACHED })
  @ApiCreatedResponse({ schema: apiObject({ name: apiString(), reason: apiString() }) })
  @HttpCode(201)
  async registerDetached(
    @Param('database') database: string,
    @Param('table') table: string,
    @Body() body: unknown,
    @Req() request: EngineRequest,
  ): Promise<{ name: string; reason: string }> {
    const { name, rows, bytesOnDisk } = validated(
      RegisterDetachedPartDto,
      ['name', 'rows', 'bytesOnDisk'],
      body,
    );
    const context = this.contexts.create(request, 'executor');
    const { events } = await this.commandBus.execute(
      new RunTableCommand(
        {
          type: 'RegisterDetachedPart',
          table: { database, table },
          now: context.now.toISOString(),
          name,
          rows,
          bytesOnDisk,
        },
        context,
      ),
    );
    const [event] = events;
    if (event?.type !== 'DetachedPartRegistered')
      throw new Error('RegisterDetachedPart produced no DetachedPartRegistered event');
    return { name: event.data.detached.name, reason: event.data.detached.reason };
  }

  @Get(':database/:table')
  @ApiOperation({
    summary:
      "A table's lifecycle state: active and detached parts, frozen backups (time travel: asOf / atPosition)",
  })
  @ApiOkResponse({ schema: TABLE_OVERVIEW })
  @TimeTravel('mergetree', (params) => `${params.database}.${params.table}`, presentTableAt, TABLE_HISTORY_OF)
  async table(
    @Param('database') database: string,
    @Param('table') table: string,
    @Req() request: EngineRequest,
  ): Promise<TableOverview> {
    const overview = await this.queryBus.execute(
      new GetTableOverviewQuery(principalOf(request).tenant, database, table),
    );
    if (!overview) throw new DomainError('UNKNOWN_TABLE', `Table ${database}.${table} does not exist`);
    return overview;
  }
}
