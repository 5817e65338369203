import { describeKernelError } from '@engine/kernel';
import { DomainError } from '@engine/kernel/domain';
import { Logger } from '@nestjs/common';
import { PlanErrorCode } from '../domain';

export interface ErrorDescription {
  status: number;
  /** Stable engine code: a domain code (GRANULARITY_MISMATCH) or a kernel one (UNAUTHENTICATED). */
  code: string;
  message: string;
}

const STATUS: Record<PlanErrorCode, number> = {
  PLAN_NOT_FOUND: 404,
  PLAN_DELETED: 404,
  PLAN_ALREADY_EXISTS: 409,
  INVALID_PLAN: 400,
  INVALID_GRANULARITY: 400,
  GRANULARITY_MISMATCH: 400,
  INVALID_TIME: 400,
  INVALID_TIME_RANGE: 400,
  EMPTY_TIME_RANGE: 400,
  TOO_MANY_PARTITIONS: 400,
  CONFLICTING_RANGES: 400,
};

const logger = new Logger('Materialization');

/** One place deciding the status of every error either materialization dialect renders. */
export function describeMaterializationError(error: unknown): ErrorDescription {
  if (error instanceof DomainError && error.code in STATUS) {
    return { status: STATUS[error.code as PlanErrorCode], code: error.code, message: error.message };
  }
  const known = describeKernelError(error);
  if (known) return known;
  logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
  return { status: 500, code: 'INTERNAL', message: 'Internal error; see the engine log' };
}
