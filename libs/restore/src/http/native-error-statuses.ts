import type { RestoreErrorCode } from '../domain/restore.errors';

/** A restore refused by its own rules (the aggregate moved on, or there is nothing to undo). */
export const RESTORE_NATIVE_ERROR_STATUSES: Readonly<Record<RestoreErrorCode, number>> = {
  RESTORE_CONFLICT: 409,
  NOTHING_TO_RESTORE: 409,
};
