import { DomainError, EngineExceptionFilter, ErrorReply, KernelErrorDescription } from '@engine/kernel';
import { Catch } from '@nestjs/common';
import type { MergeTreeErrorCode } from '../domain';
import { ClickHouseError } from './clickhouse.error';
import { clickHouseErrorBody, DOMAIN_CODES, KERNEL_CODES } from './clickhouse-error.mapper';

/**
 * Renders every error of the /clickhouse routes as ClickHouse does (its number, name and the
 * HTTP status its handler sends for that number), never with a stack trace.
 */
@Catch()
export class ClickHouseExceptionFilter extends EngineExceptionFilter<MergeTreeErrorCode> {
  protected readonly domainErrors = DOMAIN_CODES;

  protected override dialectError(error: unknown): ErrorReply | undefined {
    return error instanceof ClickHouseError ? clickHouseReply(error) : undefined;
  }

  protected domainError(error: DomainError<MergeTreeErrorCode>): ErrorReply {
    // The status follows ClickHouse's table: most domain refusals are 500 there too.
    return clickHouseReply(new ClickHouseError(DOMAIN_CODES[error.code], error.code, error.message));
  }

  protected kernelError({ code, status, message }: KernelErrorDescription): ErrorReply {
    const [number, name] = KERNEL_CODES[code];
    return clickHouseReply(new ClickHouseError(number, name, message, status));
  }

  protected internalError(): ErrorReply {
    return clickHouseReply(
      new ClickHouseError(1001, 'STD_EXCEPTION', 'Internal error; see the engine log', 500),
    );
  }
}

function clickHouseReply(error: ClickHouseError): ErrorReply {
  return {
    status: error.status,
    body: clickHouseErrorBody(error),
    headers: {
      'X-ClickHouse-Exception-Code': String(error.code),
      'Content-Type': 'text/plain; charset=UTF-8',
    },
  };
}
