import {
  arrayOf,
  bool,
  EventSchemaSet,
  int,
  isoInstant,
  JsonSchema,
  object,
  schemaVersion,
  str,
} from './json-schema';

const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const column = object({ name: str, type: str, comment: str }, ['comment']);
const storage = object(
  {
    columns: arrayOf(column),
    location: str,
    compressed: bool,
    inputFormat: str,
    outputFormat: str,
    numberOfBuckets: int,
    bucketColumns: arrayOf(str),
    sortColumns: arrayOf(object({ column: str, order: { enum: [0, 1] } }, ['column', 'order'])),
    serde: object({ name: str, serializationLibrary: str, parameters: stringMap }, [
      'name',
      'serializationLibrary',
    ]),
    parameters: stringMap,
    skewedInfo: object({
      columnNames: arrayOf(str),
      columnValueLocationMaps: stringMap,
      columnValues: arrayOf(arrayOf(str)),
    }),
    storedAsSubDirectories: bool,
  },
  ['location', 'inputFormat', 'outputFormat'],
);
const partition = object({
  partitionId: str,
  values: arrayOf(str),
  createTime: str,
  lastAccessTime: str,
  parameters: stringMap,
  storage,
});

/** LakeFormation tables and partitions (libs/catalog/src/domain/table.events.ts). */
export const CATALOG_TABLE_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'lftable',
  description:
    'LakeFormation tables and partitions (stream lftable-<tenant>/<instance>/<catalog>/<database>/<table>)',
  events: {
    TableCreated: {
      description: 'A table was created with its partition keys and storage',
      data: object(
        {
          schemaVersion: schemaVersion(1),
          tableId: str,
          tableName: str,
          catalogId: str,
          catalogName: str,
          databaseId: str,
          databaseName: str,
          tableType: { enum: ['MANAGED_TABLE', 'EXTERNAL_TABLE', 'VIRTUAL_VIEW', 'MATERIALIZED_VIEW'] },
          partitionKeys: arrayOf(column),
          storage,
          description: str,
          createdAt: isoInstant,
        },
        ['description'],
      ),
    },
    PartitionsCreated: {
      description: 'Partitions were created (one batch may span several events)',
      data: object({ schemaVersion: schemaVersion(1), tableId: str, partitions: arrayOf(partition) }),
    },
    PartitionsDeleted: {
      description: 'Partitions were deleted',
      data: object({
        schemaVersion: schemaVersion(1),
        tableId: str,
        partitions: arrayOf(object({ partitionId: str, values: arrayOf(str) })),
      }),
    },
  },
};

/** LakeFormation catalogs and databases (libs/catalog/src/domain/catalog-registry.events.ts). */
export const CATALOG_REGISTRY_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'lfcatalog',
  description: 'LakeFormation catalogs and databases of one instance (stream lfcatalog-<tenant>/<instance>)',
  events: {
    CatalogCreated: {
      description: 'A catalog was created',
      data: object(
        {
          schemaVersion: schemaVersion(1),
          catalogId: str,
          catalogName: str,
          description: str,
          createdAt: isoInstant,
        },
        ['description'],
      ),
    },
    DatabaseCreated: {
      description: 'A database was created in a catalog',
      data: object(
        {
          schemaVersion: schemaVersion(1),
          catalogId: str,
          catalogName: str,
          databaseId: str,
          databaseName: str,
          description: str,
          location: str,
          createdAt: isoInstant,
        },
        ['description', 'location'],
      ),
    },
  },
};
