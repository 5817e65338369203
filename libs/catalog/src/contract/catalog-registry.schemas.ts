import { defineEventSchemas, IsoInstant } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { CatalogRegistryEvent } from '../domain';

const closed = { additionalProperties: false } as const;
const str = Type.String();

/** LakeFormation catalogs and databases (libs/catalog/src/domain/catalog-registry.events.ts). */
export const CATALOG_REGISTRY_EVENT_SCHEMAS = defineEventSchemas<CatalogRegistryEvent>()({
  category: 'lfcatalog',
  description: 'LakeFormation catalogs and databases of one instance (stream lfcatalog-<tenant>/<instance>)',
  events: {
    CatalogCreated: {
      description: 'A catalog was created',
      data: Type.Object(
        {
          schemaVersion: Type.Literal(1),
          catalogId: str,
          catalogName: str,
          description: Type.Optional(str),
          createdAt: IsoInstant,
        },
        closed,
      ),
    },
    DatabaseCreated: {
      description: 'A database was created in a catalog',
      data: Type.Object(
        {
          schemaVersion: Type.Literal(1),
          catalogId: str,
          catalogName: str,
          databaseId: str,
          databaseName: str,
          description: Type.Optional(str),
          location: Type.Optional(str),
          createdAt: IsoInstant,
        },
        closed,
      ),
    },
  },
});
