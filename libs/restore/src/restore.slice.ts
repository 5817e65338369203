import type { EngineSlice } from '@engine/kernel';
import { RESTORE_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { RestoreModule } from './restore.module';

/**
 * Restore as the engine lists it (apps/engine/src/families.ts): a module and an error table but
 * no contract, because it records no events of its own (it re-applies a family's events through
 * that family's decider), so there is nothing for audit to describe or validate.
 */
export const RESTORE_SLICE: EngineSlice = {
  module: RestoreModule,
  nativeErrorStatuses: RESTORE_NATIVE_ERROR_STATUSES,
};
