import {
  arrayOf,
  EventSchemaSet,
  int,
  isoInstant,
  JsonSchema,
  nonNegative,
  nullable,
  object,
  str,
} from './json-schema';

const tableRef = object({ database: str, table: str });
const part = object({
  name: str,
  partitionId: str,
  partition: str,
  minBlock: int,
  maxBlock: int,
  level: nonNegative,
  mutation: nonNegative,
  rows: nonNegative,
  bytesOnDisk: nonNegative,
  disk: str,
  modifiedAt: str,
});
const detachedPart = object({ name: str, reason: str, part });
const copiedPart = object({ sourceName: str, part });
const names = object({ names: arrayOf(str) });
const mutation: JsonSchema = {
  oneOf: [
    object({ kind: { const: 'ClearColumn' }, column: str }),
    object({ kind: { const: 'ClearIndex' }, index: str }),
    object({
      kind: { const: 'Update' },
      assignments: arrayOf(object({ column: str, expression: str })),
      where: str,
    }),
    object({ kind: { const: 'Delete' }, where: str }),
  ],
};
const definition = object({
  engine: str,
  columns: arrayOf(object({ name: str, type: str })),
  indices: arrayOf(str),
  partitionKey: arrayOf(object({ function: str, column: str, expression: str, type: str }, ['expression'])),
  orderBy: str,
  primaryKey: str,
  storagePolicy: str,
});
const event = (description: string, data: JsonSchema) => ({ description, data });

/** ClickHouse MergeTree tables and parts (libs/mergetree/src/domain/mergetree.events.ts). */
export const MERGETREE_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'mergetree',
  description: 'ClickHouse MergeTree tables, parts and partitions (stream mergetree-<tenant>/<db>.<table>)',
  events: {
    TableCreated: event(
      'A MergeTree table was created',
      object({ table: tableRef, definition, createdAt: isoInstant }),
    ),
    PartAdded: event('An insert created a part', object({ part })),
    PartsMerged: event(
      'Parts of a partition were merged into one',
      object({ partitionId: str, sourceNames: arrayOf(str), part }),
    ),
    PartsDetached: event(
      'Parts were detached',
      object(
        {
          parts: arrayOf(part),
          detachedAt: isoInstant,
          detachedAs: { type: 'object', additionalProperties: str },
        },
        ['detachedAs'],
      ),
    ),
    PartsAttached: event(
      'Detached parts were attached',
      object({ parts: arrayOf(object({ detachedName: str, part })) }),
    ),
    PartsDropped: event('Active parts were dropped', names),
    DetachedPartsDropped: event('Detached parts were dropped', names),
    PartitionForgotten: event('An empty partition was forgotten', object({ partitionId: str })),
    PartitionAttachedFrom: event(
      'Parts were copied from another table (ATTACH PARTITION FROM)',
      object({ source: tableRef, parts: arrayOf(copiedPart) }),
    ),
    PartitionReplacedFrom: event(
      "A partition's parts were replaced by copies from another table",
      object(
        {
          source: tableRef,
          partitionId: str,
          replacedNames: arrayOf(str),
          parts: arrayOf(copiedPart),
          reservedBlock: int,
        },
        ['reservedBlock'],
      ),
    ),
    PartitionMoveStarted: event(
      'MOVE PARTITION TO TABLE started: parts leave this table',
      object({ moveId: str, destination: tableRef, partitionId: str, parts: arrayOf(part) }),
    ),
    MovedPartsReceived: event(
      'Parts moved from another table arrived',
      object({ moveId: str, source: tableRef, parts: arrayOf(copiedPart) }),
    ),
    PartitionMoveCompleted: event('The partition move completed', object({ moveId: str })),
    PartitionMoveAborted: event(
      'The partition move was aborted; the parts are back',
      object({ moveId: str, reason: str, parts: arrayOf(part) }),
    ),
    PartitionFrozen: event(
      'A backup of parts was taken (FREEZE)',
      object({
        backupName: str,
        increment: nonNegative,
        partitionId: nullable(str),
        partNames: arrayOf(str),
        frozenAt: isoInstant,
      }),
    ),
    PartitionUnfrozen: event(
      'A backup was removed (UNFREEZE)',
      object({ backupName: str, partitionId: nullable(str), partNames: arrayOf(str) }),
    ),
    PartsMutated: event(
      'A mutation rewrote parts',
      object({ mutation, version: nonNegative, parts: arrayOf(object({ fromName: str, part })) }),
    ),
    PartsMovedToDisk: event(
      'Parts were moved to another disk or volume',
      object({
        target: object({ kind: { enum: ['disk', 'volume'] }, name: str }),
        disk: str,
        names: arrayOf(str),
      }),
    ),
    PartsFetched: event(
      'Parts were fetched from another replica into detached',
      object({ from: str, parts: arrayOf(detachedPart) }),
    ),
    DetachedPartRegistered: event(
      'A part appeared in the detached directory',
      object({ detached: detachedPart }),
    ),
  },
};
