import type { EngineFamily } from '@engine/audit';
import { CATALOG_CONTRACT } from './contract';
import { CATALOG_NATIVE_ERROR_STATUSES } from './http/native-error-statuses';
import { CatalogModule } from './catalog.module';

/** The catalog family (LakeFormation), as the engine lists it once (apps/engine/src/families.ts). */
export const CATALOG_FAMILY: EngineFamily = {
  module: CatalogModule,
  contract: CATALOG_CONTRACT,
  nativeErrorStatuses: CATALOG_NATIVE_ERROR_STATUSES,
};
