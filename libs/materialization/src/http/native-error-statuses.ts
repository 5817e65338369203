import type { PlanErrorCode } from '../domain';

/** Statuses per plan rule, on the native API and (the same ones) in CAN's envelope. */
export const MATERIALIZATION_NATIVE_ERROR_STATUSES: Readonly<Record<PlanErrorCode, number>> = {
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
