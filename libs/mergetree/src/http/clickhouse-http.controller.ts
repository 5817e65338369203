import {
  Clock,
  CommandContextFactory,
  EngineRequest,
  principalOf,
  Public,
  RequireRole,
} from '@engine/kernel';
import { assertNever, DomainError } from '@engine/kernel/domain';
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
import { formatOutput, OutputColumn } from './clickhouse-output.formatter';
import { answerProbe } from './clickhouse-probe.responder';
import { ClickHouseSessions } from './clickhouse-session.store';
import {
  alterMutation,
  createTableMutation,
  Mutation,
  optimizeMutation,
  StatementContext,
} from './clickhouse-statement.mapper';
import { systemTableRequest } from './system-select.mapper';
import type { CatalogStatement, SelectStatement, Settings, Statement } from './sql/sql.ast';
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
 * Mounted at /clickhouse, and at the root for POST and /ping: the official client given
 * `url: 'http://host:port/clickhouse'` sends its queries to `/` with the path as `?database=`.
 */
@ApiTags('clickhouse')
@ApiQuery({ name: 'query', required: false, description: 'the query (prepended to the body)' })
@ApiQuery({ name: 'database', required: false })
@ApiQuery({ name: 'session_id', required: false })
@ApiQuery({ name: 'default_format', required: false })
@ApiHeader({ name: 'X-ClickHouse-Database', required: false })
@Controller()
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
  @ApiOperation({ summary: "The client's health check: answers `Ok.` without credentials" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string', example: 'Ok.\n' } } } })
  @Get(['clickhouse/ping', 'ping'])
  @Public()
  ping(): string {
    return 'Ok.\n';
  }

  @ApiOperation({ summary: 'A read-only query (SELECT from system.parts, system.tables, ...) in ?query=' })
  @ApiParam({ name: 'path', description: 'ignored, as in ClickHouse' })
  @ApiOkResponse({ content: CLICKHOUSE_RESULT })
  @Get(['clickhouse', 'clickhouse/*'])
  @RequireRole('reader')
  @HttpCode(200)
  queryByGet(
    @Req() request: ClickHouseRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.query(request, reply);
  }

  @ApiOperation({
    summary:
      'A query or statement in the body (CREATE TABLE, ALTER TABLE ... PARTITION, OPTIMIZE, SET, SELECT)',
  })
  @ApiParam({ name: 'path', description: 'ignored, as in ClickHouse' })
  @ApiConsumes('text/plain')
  @ApiBody({ schema: { type: 'string', example: 'ALTER TABLE t DROP PARTITION 201901' } })
  @ApiOkResponse({ content: CLICKHOUSE_RESULT })
  @Post(['', 'clickhouse', 'clickhouse/*'])
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

    const database = databaseOf(request, params);
    if (statement.kind === 'select') return this.select(statement, tenant, params, reply);
    if (statement.kind === 'probe') {
      const probe = answerProbe(statement, { database, now: this.clock.now() });
      return this.output(reply, statement.format ?? params.default_format, probe.columns, [probe.row]);
    }
    if (isCatalogStatement(statement)) return this.catalog(statement, tenant, database, params, reply);
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
      database,
      now: context.now.toISOString(),
      allowDropDetached: isTrue(settings.allow_drop_detached),
    };
    const mutation = mutationOf(statement, statementContext);
    try {
      await this.execute(mutation, context);
    } catch (error) {
      throw await this.unknownDatabaseOr(error, tenant, mutation);
    }
    return this.done(reply);
  }

  private async execute(
    mutation: Mutation,
    context: ReturnType<CommandContextFactory['create']>,
  ): Promise<void> {
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
  }

  /** A table of a database nobody created: 81 UNKNOWN_DATABASE, as ClickHouse says (BEHAVIOUR.md §6). */
  private async unknownDatabaseOr(error: unknown, tenant: string, mutation: Mutation): Promise<unknown> {
    if (!(error instanceof DomainError) || error.code !== 'UNKNOWN_TABLE') return error;
    const tables =
      mutation.kind === 'move'
        ? [mutation.source, mutation.destination]
        : mutation.kind === 'copy'
          ? [mutation.command.table, mutation.source]
          : [mutation.command.table];
    const known = new Set(await this.databases(tenant));
    const missing = tables.find((t) => !known.has(t.database));
    return missing ? unknownDatabase(missing.database) : error;
  }

  private async databases(tenant: string): Promise<string[]> {
    const request = systemTableRequest(
      {
        kind: 'select',
        columns: ['name'],
        from: { database: 'system', table: 'databases' },
        where: [],
        orderBy: [],
      },
      tenant,
    );
    const rows = await this.queryBus.execute(new SelectSystemTableQuery(request));
    return rows.map((r) => String(r[0]));
  }

  /** SHOW DATABASES / SHOW TABLES / DESCRIBE / EXISTS, answered from the system tables. */
  private async catalog(
    statement: Statement & CatalogStatement,
    tenant: string,
    database: string,
    params: Params,
    reply: FastifyReply,
  ): Promise<string> {
    const format = statement.format ?? params.default_format;
    const equals = (column: string, value: string) => ({ column, operator: '=' as const, values: [value] });
    const select = (table: string, columns: string[], where: ReturnType<typeof equals>[]) =>
      ({ kind: 'select', columns, from: { database: 'system', table }, where, orderBy: [] }) as const;
    switch (statement.kind) {
      case 'show-databases':
        return this.select(
          { ...select('databases', ['name'], []), settings: {}, format },
          tenant,
          params,
          reply,
        );
      case 'show-tables': {
        const db = statement.database ?? database;
        if (!(await this.databases(tenant)).includes(db)) throw unknownDatabase(db);
        const where = [equals('database', db)];
        return this.select(
          { ...select('tables', ['name'], where), settings: {}, format },
          tenant,
          params,
          reply,
        );
      }
      case 'describe':
      case 'exists': {
        const db = statement.table.database ?? database;
        const where = [equals('database', db), equals('table', statement.table.table)];
        const request = systemTableRequest(select('columns', ['name', 'type'], where), tenant);
        const rows = await this.queryBus.execute(new SelectSystemTableQuery(request));
        if (statement.kind === 'exists') {
          return this.output(reply, format, [{ name: 'result', type: 'UInt8' }], [[rows.length > 0 ? 1 : 0]]);
        }
        if (rows.length === 0) {
          if (!(await this.databases(tenant)).includes(db)) throw unknownDatabase(db);
          throw new ClickHouseError(
            60,
            'UNKNOWN_TABLE',
            `Table ${db}.${statement.table.table} does not exist`,
          );
        }
        // DESCRIBE's columns (src/Interpreters/InterpreterDescribeQuery.cpp).
        const columns = [
          'name',
          'type',
          'default_type',
          'default_expression',
          'comment',
          'codec_expression',
          'ttl_expression',
        ];
        return this.output(
          reply,
          format,
          columns.map((name) => ({ name, type: 'String' })),
          rows.map(([name, type]) => [name, type, '', '', '', '', '']),
        );
      }
      default:
        return assertNever(statement);
    }
  }

  private output(
    reply: FastifyReply,
    format: string | undefined,
    columns: readonly OutputColumn[],
    rows: unknown[][],
  ): string {
    const output = formatOutput(format, columns, rows);
    reply
      .header('Content-Type', output.contentType)
      .header('X-ClickHouse-Format', output.format)
      .header('X-ClickHouse-Summary', SUMMARY(rows.length));
    return output.body;
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

function isCatalogStatement(statement: Statement): statement is Statement & CatalogStatement {
  return ['show-databases', 'show-tables', 'describe', 'exists'].includes(statement.kind);
}

function unknownDatabase(database: string): ClickHouseError {
  return new ClickHouseError(81, 'UNKNOWN_DATABASE', `Database ${database} doesn't exist`);
}

/**
 * `?database=`, else X-ClickHouse-Database, else `default`. The official client sends the path of
 * its URL as the database (`url: 'http://host:8123/clickhouse'` -> POST `/?database=clickhouse`):
 * the mount point `clickhouse` names no database, and `clickhouse/db` names `db`.
 */
function databaseOf(request: ClickHouseRequest, params: Params): string {
  const header = headerOf(request, 'x-clickhouse-database');
  const database = params.database ?? header;
  const path = decodeURIComponent((request.url ?? '').split('?')[0]).replace(/^\/+|\/+$/g, '');
  if (database !== undefined && /^clickhouse(\/|$)/.test(database) && (path === '' || database === path)) {
    return database.replace(/^clickhouse\/?/, '') || header || 'default';
  }
  return database ?? 'default';
}

function headerOf(request: ClickHouseRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isTrue(value: string | number | undefined): boolean {
  return value !== undefined && ['1', 'true'].includes(String(value).toLowerCase());
}
