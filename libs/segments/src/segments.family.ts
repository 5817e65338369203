import type { EngineFamily } from '@engine/audit';
import { SEGMENTS_CONTRACT } from './contract';
import { SEGMENTS_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { SegmentsModule } from './segments.module';

/** The segments family (Druid), as the engine lists it once (apps/engine/src/families.ts). */
export const SEGMENTS_FAMILY: EngineFamily = {
  module: SegmentsModule,
  contract: SEGMENTS_CONTRACT,
  nativeErrorStatuses: SEGMENTS_NATIVE_ERROR_STATUSES,
};
