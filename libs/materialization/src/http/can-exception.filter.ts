import { DomainError, EngineExceptionFilter, ErrorReply, KernelErrorDescription } from '@engine/kernel';
import { Catch } from '@nestjs/common';
import type { PlanErrorCode } from '../domain';
import { canFailure } from './can-envelope.dto';
import { MATERIALIZATION_NATIVE_ERROR_STATUSES } from './native-error-statuses';

/**
 * Every error on the CAN routes, auth included, as a CAN envelope with the matching status: a
 * plan rule's status is the native one (one table for both), with the engine's code as `code`.
 */
@Catch()
export class CanExceptionFilter extends EngineExceptionFilter<PlanErrorCode> {
  protected readonly domainErrors = MATERIALIZATION_NATIVE_ERROR_STATUSES;

  protected domainError(error: DomainError<PlanErrorCode>): ErrorReply {
    return envelope(MATERIALIZATION_NATIVE_ERROR_STATUSES[error.code], error.message, error.code);
  }

  protected kernelError({ status, message, code }: KernelErrorDescription): ErrorReply {
    return envelope(status, message, code);
  }

  protected internalError(): ErrorReply {
    return envelope(500, 'Internal error; see the engine log', 'INTERNAL');
  }
}

function envelope(status: number, message: string, code: string): ErrorReply {
  return { status, body: canFailure(status, message, code) };
}
