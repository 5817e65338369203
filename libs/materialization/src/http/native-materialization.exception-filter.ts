import { ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { describeMaterializationError } from './materialization-error.describer';

/** The native API's error shape `{ error: { code, message } }`, with statuses per domain code. */
@Catch()
export class NativeMaterializationExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const { status, code, message } = describeMaterializationError(error);
    host.switchToHttp().getResponse<ReplyLike>().status(status).send({ error: { code, message } });
  }
}
