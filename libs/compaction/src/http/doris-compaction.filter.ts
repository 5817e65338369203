import { describeKernelError, ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { isTabletError, type TabletErrorCode } from '../domain';
import { DorisRequestError } from './doris-compaction.params';

/** Doris's numeric codes for "nothing suitable to compact". */
const DORIS_CODES: Partial<Record<TabletErrorCode, number>> = {
  NO_CUMULATIVE_CANDIDATES: -2000,
  NO_BASE_CANDIDATES: -808,
  NO_FULL_CANDIDATES: -2008,
  VERSIONS_NOT_CONTIGUOUS: -2009,
};

/**
 * Renders every error of /api/compaction as Doris does: HTTP 200 with
 * `{"status":"Fail","msg":...}`. Exceptions (our choice, Doris has no auth on this route):
 * a missing or invalid key is 401 `{"status":"Fail","msg":"Unauthorized"}`, a key without
 * the role is 403 "Forbidden", a body over the limit is 413; server faults keep their 5xx status, in the same shape.
 */
@Catch()
export class DorisCompactionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DorisCompactionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, msg } = this.describe(error);
    host.switchToHttp().getResponse<ReplyLike>().status(status).send({ status: 'Fail', msg });
  }

  private describe(error: unknown): { status: number; msg: string } {
    if (error instanceof DorisRequestError) return { status: 200, msg: error.message };
    if (isTabletError(error)) {
      const code = DORIS_CODES[error.code];
      if (code !== undefined) return { status: 200, msg: `fail to execute compaction, error = ${code}` };
      if (error.code === 'TABLET_NOT_FOUND') return { status: 200, msg: 'Tablet not found' };
      return { status: 200, msg: `fail to execute compaction, ${error.message}` };
    }
    const known = describeKernelError(error);
    if (known?.status === 401) return { status: 401, msg: 'Unauthorized' };
    if (known?.status === 403) return { status: 403, msg: 'Forbidden' };
    // Refused by the web server before any handler, as Doris's libevent server answers 413.
    if (known?.status === 413) return { status: 413, msg: known.message };
    if (known && known.status < 500) return { status: 200, msg: known.message };
    if (known) return { status: known.status, msg: known.message };
    this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    return { status: 500, msg: 'Internal error; see the engine log' };
  }
}
