import { apiAny, apiArray, apiInstant, apiInteger, apiNullable, apiObject, apiString } from '@engine/kernel';

/** OpenAPI schemas of the MergeTree routes (ClickHouse HTTP interface and the native API). */

export const PART_RECORD = apiObject({
  name: apiString('`{partitionId}_{minBlock}_{maxBlock}_{level}[_{mutation}]`'),
  partitionId: apiString(),
  partition: apiString("the partition value as ClickHouse prints it (`'2020-11-21'`, `tuple()`)"),
  minBlock: apiInteger(),
  maxBlock: apiInteger(),
  level: apiInteger(),
  mutation: apiInteger(),
  rows: apiInteger(),
  bytesOnDisk: apiInteger(),
  disk: apiString(),
  modifiedAt: apiInstant,
});

export const ADD_PART = apiObject({
  partition: { ...apiAny, description: 'the partition value, or an array of values for a tuple key' },
  rows: apiInteger(),
  bytesOnDisk: apiInteger(),
});

export const REGISTER_DETACHED = apiObject({
  name: apiString('directory name in detached, e.g. `broken_...`'),
  rows: apiInteger(),
  bytesOnDisk: apiInteger(),
});

export const TABLE_OVERVIEW = apiObject({
  database: apiString(),
  table: apiString(),
  engine: apiString(),
  partitionKey: apiString(),
  orderBy: apiString(),
  storagePolicy: apiString(),
  createdAt: apiInstant,
  activeParts: apiArray({ type: 'object', description: 'system.parts-like row' }),
  detachedParts: apiArray({ type: 'object', description: 'system.detached_parts-like row' }),
  frozenBackups: apiArray(
    apiObject({
      name: apiString(),
      increment: apiInteger(),
      partitionId: apiNullable(apiString()),
      frozenAt: apiInstant,
      parts: apiArray(apiString()),
    }),
  ),
});

/** The ClickHouse HTTP interface answers in the requested FORMAT; errors are plain text `Code: N. DB::Exception: ...`. */
export const CLICKHOUSE_RESULT = {
  'text/plain': { schema: apiString('TabSeparated (the default) or an empty body after a statement') },
  'text/tab-separated-values': { schema: apiString('TabSeparated, TSVWithNames, ...') },
  'application/json': { schema: { type: 'object', description: 'FORMAT JSON / JSONEachRow rows' } },
} as const;
