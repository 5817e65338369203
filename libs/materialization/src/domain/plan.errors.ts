import { DomainError } from '@engine/kernel/domain';

/** Stable codes of the materialization domain; each http dialect maps them to its own shape. */
export type PlanErrorCode =
  | 'PLAN_NOT_FOUND'
  | 'PLAN_ALREADY_EXISTS'
  | 'PLAN_DELETED'
  | 'INVALID_PLAN'
  | 'INVALID_GRANULARITY'
  | 'GRANULARITY_MISMATCH'
  | 'INVALID_TIME'
  | 'INVALID_TIME_RANGE'
  | 'EMPTY_TIME_RANGE'
  | 'TOO_MANY_PARTITIONS'
  | 'CONFLICTING_RANGES';

export function planError(
  code: PlanErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError<PlanErrorCode> {
  return new DomainError(code, message, details);
}
