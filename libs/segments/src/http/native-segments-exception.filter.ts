import { describeKernelError, DomainError, ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';

/**
 * The native API's error shape, `{ error: { code, message } }`. Every segments domain error is a
 * client mistake (bad segment, bad IDs), hence 400 rather than the generic 409.
 */
@Catch()
export class NativeSegmentsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NativeSegmentsExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const { status, code, message } = this.describe(error);
    reply.status(status).send({ error: { code, message } });
  }

  private describe(error: unknown): { status: number; code: string; message: string } {
    if (error instanceof DomainError) return { status: 400, code: error.code, message: error.message };
    const known = describeKernelError(error);
    if (known) return known;
    this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    return { status: 500, code: 'INTERNAL', message: 'Internal error; see the engine log' };
  }
}
