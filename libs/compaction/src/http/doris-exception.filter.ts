import { DomainError, EngineExceptionFilter, ErrorReply, KernelErrorDescription } from '@engine/kernel';
import { Catch } from '@nestjs/common';
import type { TabletErrorCode } from '../domain';
import { DorisRequestError } from './doris-compaction.params';

type DorisMessage = (error: DomainError<TabletErrorCode>) => string;
/** Doris's numeric codes for "nothing suitable to compact". */
const failCode =
  (code: number): DorisMessage =>
  () =>
    `fail to execute compaction, error = ${code}`;
const failWithMessage: DorisMessage = (error) => `fail to execute compaction, ${error.message}`;

/** Doris's `msg` per tablet rule (every one is HTTP 200 `{"status":"Fail"}` there). */
const DOMAIN_ERRORS: Readonly<Record<TabletErrorCode, DorisMessage>> = {
  TABLET_NOT_FOUND: () => 'Tablet not found',
  NO_CUMULATIVE_CANDIDATES: failCode(-2000),
  NO_BASE_CANDIDATES: failCode(-808),
  NO_FULL_CANDIDATES: failCode(-2008),
  VERSIONS_NOT_CONTIGUOUS: failCode(-2009),
  TABLET_ALREADY_EXISTS: failWithMessage,
  INVALID_ROWSETS: failWithMessage,
  INVALID_CUMULATIVE_POINT: failWithMessage,
  COMPACTION_ALREADY_RUNNING: failWithMessage,
  COMPACTION_NOT_RUNNING: failWithMessage,
  COMPACTION_ALREADY_STARTED: failWithMessage,
  COMPACTION_NOT_EXPIRED: failWithMessage,
};

/**
 * Renders every error of /api/compaction as Doris does: HTTP 200 with
 * `{"status":"Fail","msg":...}`. Exceptions (our choice, Doris has no auth on this route):
 * a missing or invalid key is 401 `{"status":"Fail","msg":"Unauthorized"}`, a key without
 * the role is 403 "Forbidden", a body over the limit is 413; server faults keep their 5xx status, in the same shape.
 */
@Catch()
export class DorisExceptionFilter extends EngineExceptionFilter<TabletErrorCode> {
  protected readonly domainErrors = DOMAIN_ERRORS;

  protected override dialectError(error: unknown): ErrorReply | undefined {
    return error instanceof DorisRequestError ? fail(200, error.message) : undefined;
  }

  protected domainError(error: DomainError<TabletErrorCode>): ErrorReply {
    return fail(200, DOMAIN_ERRORS[error.code](error));
  }

  protected kernelError({ status, message }: KernelErrorDescription): ErrorReply {
    if (status === 401) return fail(401, 'Unauthorized');
    if (status === 403) return fail(403, 'Forbidden');
    // Refused by the web server before any handler, as Doris's libevent server answers 413.
    if (status === 413) return fail(413, message);
    return fail(status < 500 ? 200 : status, message);
  }

  protected internalError(): ErrorReply {
    return fail(500, 'Internal error; see the engine log');
  }
}

function fail(status: number, msg: string): ErrorReply {
  return { status, body: { status: 'Fail', msg } };
}
