import {
  Clock,
  CommandContextFactory,
  EngineRequest,
  principalOf,
  Public,
  RequireRole,
} from '@engine/kernel';
import { assertNever } from '@engine/kernel/domain';
import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CLICKHOUSE_RESULT } from './mergetree.openapi';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  CopyFromTableCommand,
  MovePartitionToTableCommand,
  RunTableCommand,
  SelectSystemTableQuery,
} from '../application';
import { ClickHouseError } from './clickhouse.error';
import { ClickHouseExceptionFilter } from './clickhouse-exception.filter';
import { formatOutput } from './clickhouse-output.formatter';
import { ClickHouseSessions } from './clickhouse-session.store';
import {
  alterMutation,
  createTableMutation,
  Mutation,
  optimizeMutation,
  StatementContext,
} from './clickhouse-statement.mapper';
import { systemTableRequest } from './system-select.mapper';
import type { SelectStatement, Settings, Statement } from './sql/sql.ast';
import { parseStatement } from './sql/statement.parser';

type ClickHouseRequest = FastifyRequest & EngineRequest;
type Params = Record<string, string | undefined>;

const SUMMARY = (rows: number) =>
  JSON.stringify({
    read_rows: String(rows),
    read_bytes: '0',
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: '0',
    result_rows: String(rows),
    result_bytes: '0',
  });

/**
 * ClickHouse's HTTP interface at /clickhouse: the query in the POST body or `?query=`,
 * `?database=` / X-ClickHouse-Database, settings as URL parameters, `SETTINGS` or `SET` in a
 * session, and ClickHouse's own error bodies. GET is read-only, as in ClickHouse.
 */
@ApiTags('clickhouse')
@ApiQuery({ name: 'query', required: false, description: 'the query (prepended to the body)' })
@ApiQuery({ name: 'database', required: false })
@ApiQuery({ name: 'session_id', required: false })
@ApiQuery({ name: 'default_format', required: false })
@ApiHeader({ name: 'X-ClickHouse-Database', required: false })
@Controller('clickhouse')
@UseFilters(ClickHouseExceptionFilter)
export class ClickHouseHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly sessions: ClickHouseSessions,
    private readonly clock: Clock,
  ) {}

  /** The client's health check (`client.ping()`); ClickHouse answers it without credentials. */
  @Get('ping')
  @ApiOperation({ summary: "The client's health check: answers `Ok.` without credentials" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string', example: 'Ok.\n' } } } })
  @Public()
  ping(): string {
    return 'Ok.\n';
  }

  @Get(['', '*'])
  @ApiOperation({ summary: 'A read-only query (SELECT from system.parts, system.tables, ...) in ?query=' })
  @ApiParam({ name: 'path', description: 'ignored, as in ClickHouse' })
  @ApiOkResponse({ content: CLICKHOUSE_RESULT })
  @RequireRole('reader')
  @HttpCode(200)
  queryByGet(
    @Req() request: ClickHouseRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.query(request, reply);
  }

  @Post(['', '*'])
  @ApiOperation({
    summary:
      'A query or statement in the body (CREATE TABLE, ALTER TABLE ... PARTITION, OPTIMIZE, SET, SELECT)',
  })
  @ApiParam({ name: 'path', description: 'ignored, as in ClickHouse' })
  @ApiConsumes('text/plain')
  @ApiBody({ schema: { type: 'string', example: 'ALTER TABLE t DROP PARTITION 201901' } })
  @ApiOkResponse({ content: CLICKHOUSE_RESULT })
  @RequireRole('reader')
  @HttpCode(200)
  queryByPost(
    @Req() request: ClickHouseRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.query(request, reply);
  }

  private async query(request: ClickHouseRequest, reply: FastifyReply): Promise<string> {
    const params = (request.query ?? {}) as Params;
    const statement = parseStatement(queryText(params.query, request.body));
    const { tenant, role } = principalOf(request);
    const nowMs = this.clock.now().getTime();
    const sessionId = params.session_id;
    const sessionTimeout = Number(params.session_timeout ?? 60) || 60;
    reply
      .header('X-ClickHouse-Query-Id', params.query_id ?? randomUUID())
      .header('X-ClickHouse-Timezone', 'UTC');

    if (statement.kind === 'select') return this.select(statement, tenant, params, reply);
    if (statement.kind === 'set') {
      // Without a session a SET has nothing to outlive (ClickHouse accepts it all the same).
      if (sessionId) this.sessions.set(tenant, sessionId, statement.values, nowMs, sessionTimeout);
      return this.done(reply);
    }
    if (request.method === 'GET') {
      throw new ClickHouseError(
        164,
        'READONLY',
        'Cannot execute query in readonly mode: for queries over HTTP, method GET implies readonly. Use POST for modifying queries',
      );
    }
    if (role === 'reader') {
      throw new ClickHouseError(
        497,
        'ACCESS_DENIED',
        'Not enough privileges: this statement needs an operator or admin key',
        403,
      );
    }
    this.sessions.touch(tenant, sessionId, nowMs, sessionTimeout);
    const settings: Settings = {
      ...params,
      ...this.sessions.settings(tenant, sessionId, nowMs),
      ...statement.settings,
    } as Settings;
    const context = this.contexts.create(request, 'clickhouse');
    const statementContext: StatementContext = {
      database: params.database ?? headerOf(request, 'x-clickhouse-database') ?? 'default',
      now: context.now.toISOString(),
      allowDropDetached: isTrue(settings.allow_drop_detached),
    };
    const mutation = mutationOf(statement, statementContext);
    switch (mutation.kind) {
      case 'table':
        await this.commandBus.execute(new RunTableCommand(mutation.command, context));
        break;
      case 'copy':
        await this.commandBus.execute(new CopyFromTableCommand(mutation.command, mutation.source, context));
        break;
      case 'move':
        await this.commandBus.execute(
          new MovePartitionToTableCommand(mutation.source, mutation.destination, mutation.partition, context),
        );
        break;
      default:
        assertNever(mutation);
    }
    return this.done(reply);
  }

  private async select(
    statement: Statement & SelectStatement,
    tenant: string,
    params: Params,
    reply: FastifyReply,
  ): Promise<string> {
    const request = systemTableRequest(statement, tenant);
    const rows = await this.queryBus.execute(new SelectSystemTableQuery(request));
    const output = formatOutput(statement.format ?? params.default_format, request.columns, rows);
    reply
      .header('Content-Type', output.contentType)
      .header('X-ClickHouse-Format', output.format)
      .header('X-ClickHouse-Summary', SUMMARY(rows.length));
    return output.body;
  }

  private done(reply: FastifyReply): string {
    reply.header('Content-Type', 'text/plain; charset=UTF-8').header('X-ClickHouse-Summary', SUMMARY(0));
    return '';
  }
}

function mutationOf(statement: Statement, context: StatementContext): Mutation {
  switch (statement.kind) {
    case 'create':
      return createTableMutation(statement, context);
    case 'alter':
      return alterMutation(statement, context);
    case 'optimize':
      return optimizeMutation(statement, context);
    default:
      throw new ClickHouseError(
        48,
        'NOT_IMPLEMENTED',
        `${statement.kind.toUpperCase()} does not change a table`,
      );
  }
}

/** `?query=` and the body together make the query, as in ClickHouse. */
function queryText(fromUrl: string | undefined, body: unknown): string {
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new ClickHouseError(62, 'SYNTAX_ERROR', 'Syntax error: the request body must be the query text');
  }
  const text = [fromUrl, body]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join('\n');
  if (text === '') throw new ClickHouseError(62, 'SYNTAX_ERROR', 'Empty query');
  return text;
}

function headerOf(request: ClickHouseRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isTrue(value: string | number | undefined): boolean {
  return value !== undefined && ['1', 'true'].includes(String(value).toLowerCase());
}
