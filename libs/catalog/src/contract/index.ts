import type { FamilyContract } from '@engine/audit';
import { TABLE_AUDIT, CATALOG_REGISTRY_AUDIT } from './catalog.audit';
import { CATALOG_TABLE_EVENT_SCHEMAS } from './table.schemas';
import { CATALOG_REGISTRY_EVENT_SCHEMAS } from './catalog-registry.schemas';

export { TABLE_AUDIT, CATALOG_REGISTRY_AUDIT, CATALOG_TABLE_EVENT_SCHEMAS, CATALOG_REGISTRY_EVENT_SCHEMAS };

/** What the catalog family publishes: the audit views and event schemas of its `lftable` and `lfcatalog` streams. */
export const CATALOG_CONTRACT: FamilyContract = {
  audit: [TABLE_AUDIT, CATALOG_REGISTRY_AUDIT],
  schemas: [CATALOG_TABLE_EVENT_SCHEMAS, CATALOG_REGISTRY_EVENT_SCHEMAS],
};
