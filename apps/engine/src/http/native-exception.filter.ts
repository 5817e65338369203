import { describeKernelError, DomainError, ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';

/** The native API's error shape: `{ error: { code, message } }`. Global fallback for every route. */
@Catch()
export class NativeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NativeExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const { status, code, message } = describeNativeError(error, this.logger);
    reply.status(status).send({ error: { code, message } });
  }
}

export function describeNativeError(
  error: unknown,
  logger: Logger,
): { status: number; code: string; message: string } {
  if (error instanceof DomainError) return { status: 409, code: error.code, message: error.message };
  const known = describeKernelError(error);
  if (known) return known;
  logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
  return { status: 500, code: 'INTERNAL', message: 'Internal error; see the engine log' };
}
