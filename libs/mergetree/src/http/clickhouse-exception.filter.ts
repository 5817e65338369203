import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ClickHouseError } from './clickhouse.error';
import { clickHouseErrorBody, toClickHouseError } from './clickhouse-error.mapper';

/** Renders every error of the /clickhouse routes as ClickHouse does, never with a stack trace. */
@Catch()
export class ClickHouseExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ClickHouseExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    let known = toClickHouseError(error);
    if (!known) {
      this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
      known = new ClickHouseError(1001, 'STD_EXCEPTION', 'Internal error; see the engine log', 500);
    }
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(known.status)
      .header('X-ClickHouse-Exception-Code', String(known.code))
      .header('Content-Type', 'text/plain; charset=UTF-8')
      .send(clickHouseErrorBody(known));
  }
}
