import { describeKernelError, ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { isTabletError, type TabletErrorCode } from '../domain';

const STATUS: Record<TabletErrorCode, number> = {
  TABLET_NOT_FOUND: 404,
  TABLET_ALREADY_EXISTS: 409,
  INVALID_ROWSETS: 400,
  INVALID_CUMULATIVE_POINT: 400,
  NO_CUMULATIVE_CANDIDATES: 409,
  NO_BASE_CANDIDATES: 409,
  NO_FULL_CANDIDATES: 409,
  VERSIONS_NOT_CONTIGUOUS: 409,
  COMPACTION_ALREADY_RUNNING: 409,
  COMPACTION_NOT_RUNNING: 409,
  COMPACTION_ALREADY_STARTED: 409,
  COMPACTION_NOT_EXPIRED: 409,
};

/** The native API's error shape, `{ "error": { "code", "message" } }`, with a status per tablet rule. */
@Catch()
export class TabletsFilter implements ExceptionFilter {
  private readonly logger = new Logger('TabletsFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, code, message } = this.describe(error);
    host.switchToHttp().getResponse<ReplyLike>().status(status).send({ error: { code, message } });
  }

  private describe(error: unknown): { status: number; code: string; message: string } {
    if (isTabletError(error)) return { status: STATUS[error.code], code: error.code, message: error.message };
    const known = describeKernelError(error);
    if (known) return known;
    this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    return { status: 500, code: 'INTERNAL', message: 'Internal error; see the engine log' };
  }
}
