import type { EngineFamily } from '@engine/audit';
import { MERGETREE_CONTRACT } from './contract';
import { MERGETREE_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { MergeTreeModule } from './mergetree.module';

/** The MergeTree family (ClickHouse), as the engine lists it once (apps/engine/src/families.ts). */
export const MERGETREE_FAMILY: EngineFamily = {
  module: MergeTreeModule,
  contract: MERGETREE_CONTRACT,
  nativeErrorStatuses: MERGETREE_NATIVE_ERROR_STATUSES,
};
