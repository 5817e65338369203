import type { EngineFamily } from '@engine/audit';
import { COMPACTION_CONTRACT } from './contract';
import { COMPACTION_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { CompactionModule } from './compaction.module';

/** The compaction family (Doris), as the engine lists it once (apps/engine/src/families.ts). */
export const COMPACTION_FAMILY: EngineFamily = {
  module: CompactionModule,
  contract: COMPACTION_CONTRACT,
  nativeErrorStatuses: COMPACTION_NATIVE_ERROR_STATUSES,
};
