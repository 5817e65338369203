import { ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { canFailure } from './can-envelope.dto';
import { describeMaterializationError } from './materialization-error.describer';

/** Every error on the CAN routes, auth included, as a CAN envelope with the matching status. */
@Catch()
export class CanEnvelopeExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const { status, code, message } = describeMaterializationError(error);
    host
      .switchToHttp()
      .getResponse<ReplyLike>()
      .status(status)
      .send(canFailure(status, message, code));
  }
}
