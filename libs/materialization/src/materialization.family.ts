import type { EngineFamily } from '@engine/audit';
import { MATERIALIZATION_CONTRACT } from './contract';
import { MATERIALIZATION_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { MaterializationModule } from './materialization.module';

/** The materialization family (CAN), as the engine lists it once (apps/engine/src/families.ts). */
export const MATERIALIZATION_FAMILY: EngineFamily = {
  module: MaterializationModule,
  contract: MATERIALIZATION_CONTRACT,
  nativeErrorStatuses: MATERIALIZATION_NATIVE_ERROR_STATUSES,
};
