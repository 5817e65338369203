import { defineEventSchemas, IsoInstant } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { TableEvent } from '../domain';

const closed = { additionalProperties: false } as const;
const str = Type.String();
const stringMap = Type.Record(str, str);
const column = Type.Object({ name: str, type: str, comment: Type.Optional(str) }, closed);
const storage = Type.Object(
  {
    columns: Type.Array(column),
    location: Type.Optional(str),
    compressed: Type.Boolean(),
    inputFormat: Type.Optional(str),
    outputFormat: Type.Optional(str),
    numberOfBuckets: Type.Integer(),
    bucketColumns: Type.Array(str),
    sortColumns: Type.Array(
      Type.Object(
        { column: Type.Optional(str), order: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])) },
        closed,
      ),
    ),
    serde: Type.Object(
      { name: Type.Optional(str), serializationLibrary: Type.Optional(str), parameters: stringMap },
      closed,
    ),
    parameters: stringMap,
    skewedInfo: Type.Object(
      {
        columnNames: Type.Array(str),
        columnValueLocationMaps: stringMap,
        columnValues: Type.Array(Type.Array(str)),
      },
      closed,
    ),
    storedAsSubDirectories: Type.Boolean(),
  },
  closed,
);
const partition = Type.Object(
  {
    partitionId: str,
    values: Type.Array(str),
    createTime: str,
    lastAccessTime: str,
    parameters: stringMap,
    storage,
  },
  closed,
);

/** LakeFormation tables and partitions (libs/catalog/src/domain/table.events.ts). */
export const CATALOG_TABLE_EVENT_SCHEMAS = defineEventSchemas<TableEvent>()({
  category: 'lftable',
  description:
    'LakeFormation tables and partitions (stream lftable-<tenant>/<instance>/<catalog>/<database>/<table>)',
  events: {
    TableCreated: {
      description: 'A table was created with its partition keys and storage',
      data: Type.Object(
        {
          schemaVersion: Type.Literal(1),
          tableId: str,
          tableName: str,
          catalogId: str,
          catalogName: str,
          databaseId: str,
          databaseName: str,
          tableType: Type.Union([
            Type.Literal('MANAGED_TABLE'),
            Type.Literal('EXTERNAL_TABLE'),
            Type.Literal('VIRTUAL_VIEW'),
            Type.Literal('MATERIALIZED_VIEW'),
          ]),
          partitionKeys: Type.Array(column),
          storage,
          description: Type.Optional(str),
          createdAt: IsoInstant,
        },
        closed,
      ),
    },
    PartitionsCreated: {
      description:
        'Partitions were created (one event per batch; events stored by earlier versions may split a batch)',
      data: Type.Object(
        { schemaVersion: Type.Literal(1), tableId: str, partitions: Type.Array(partition) },
        closed,
      ),
    },
    PartitionsDeleted: {
      description: 'Partitions were deleted',
      data: Type.Object(
        {
          schemaVersion: Type.Literal(1),
          tableId: str,
          partitions: Type.Array(Type.Object({ partitionId: str, values: Type.Array(str) }, closed)),
        },
        closed,
      ),
    },
  },
});
