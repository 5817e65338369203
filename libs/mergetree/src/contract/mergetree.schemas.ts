import { defineEventSchemas, IsoInstant, NonNegativeInteger } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { MergeTreeEvent } from '../domain/mergetree.events';

const closed = { additionalProperties: false } as const;
const str = Type.String();
const tableRef = Type.Object({ database: str, table: str }, closed);
const part = Type.Object(
  {
    name: str,
    partitionId: str,
    partition: str,
    minBlock: Type.Integer(),
    maxBlock: Type.Integer(),
    level: NonNegativeInteger,
    mutation: NonNegativeInteger,
    rows: NonNegativeInteger,
    bytesOnDisk: NonNegativeInteger,
    disk: str,
    modifiedAt: str,
  },
  closed,
);
const detachedPart = Type.Object({ name: str, reason: str, part }, closed);
const copiedPart = Type.Object({ sourceName: str, part }, closed);
const names = Type.Object({ names: Type.Array(str) }, closed);
const mutation = Type.Union([
  Type.Object({ kind: Type.Literal('ClearColumn'), column: str }, closed),
  Type.Object({ kind: Type.Literal('ClearIndex'), index: str }, closed),
  Type.Object(
    {
      kind: Type.Literal('Update'),
      assignments: Type.Array(Type.Object({ column: str, expression: str }, closed)),
      where: str,
    },
    closed,
  ),
  Type.Object({ kind: Type.Literal('Delete'), where: str }, closed),
]);
const definition = Type.Object(
  {
    engine: str,
    columns: Type.Array(Type.Object({ name: str, type: str }, closed)),
    indices: Type.Array(str),
    partitionKey: Type.Array(
      Type.Object({ function: str, column: str, expression: Type.Optional(str), type: str }, closed),
    ),
    orderBy: str,
    primaryKey: str,
    storagePolicy: str,
  },
  closed,
);

/** ClickHouse MergeTree tables and parts (libs/mergetree/src/domain/mergetree.events.ts). */
export const MERGETREE_EVENT_SCHEMAS = defineEventSchemas<MergeTreeEvent>()({
  category: 'mergetree',
  description: 'ClickHouse MergeTree tables, parts and partitions (stream mergetree-<tenant>/<db>.<table>)',
  events: {
    TableCreated: {
      description: 'A MergeTree table was created',
      data: Type.Object({ table: tableRef, definition, createdAt: IsoInstant }, closed),
    },
    PartAdded: {
      description: 'An insert created a part',
      data: Type.Object({ part }, closed),
    },
    PartsMerged: {
      description: 'Parts of a partition were merged into one',
      data: Type.Object({ partitionId: str, sourceNames: Type.Array(str), part }, closed),
    },
    PartsDetached: {
      description: 'Parts were detached',
      data: Type.Object(
        {
          parts: Type.Array(part),
          detachedAt: IsoInstant,
          detachedAs: Type.Optional(Type.Record(str, str)),
        },
        closed,
      ),
    },
    PartsAttached: {
      description: 'Detached parts were attached',
      data: Type.Object({ parts: Type.Array(Type.Object({ detachedName: str, part }, closed)) }, closed),
    },
    PartsDropped: {
      description: 'Active parts were dropped',
      data: names,
    },
    DetachedPartsDropped: {
      description: 'Detached parts were dropped',
      data: names,
    },
    PartitionForgotten: {
      description: 'An empty partition was forgotten',
      data: Type.Object({ partitionId: str }, closed),
    },
    PartitionAttachedFrom: {
      description: 'Parts were copied from another table (ATTACH PARTITION FROM)',
      data: Type.Object({ source: tableRef, parts: Type.Array(copiedPart) }, closed),
    },
    PartitionReplacedFrom: {
      description: "A partition's parts were replaced by copies from another table",
      data: Type.Object(
        {
          source: tableRef,
          partitionId: str,
          replacedNames: Type.Array(str),
          parts: Type.Array(copiedPart),
          reservedBlock: Type.Optional(Type.Integer()),
        },
        closed,
      ),
    },
    PartitionMoveStarted: {
      description: 'MOVE PARTITION TO TABLE started: parts leave this table',
      data: Type.Object(
        { moveId: str, destination: tableRef, partitionId: str, parts: Type.Array(part) },
        closed,
      ),
    },
    MovedPartsReceived: {
      description: 'Parts moved from another table arrived',
      data: Type.Object({ moveId: str, source: tableRef, parts: Type.Array(copiedPart) }, closed),
    },
    PartitionMoveCompleted: {
      description: 'The partition move completed',
      data: Type.Object({ moveId: str }, closed),
    },
    PartitionMoveAborted: {
      description: 'The partition move was aborted; the parts are back',
      data: Type.Object({ moveId: str, reason: str, parts: Type.Array(part) }, closed),
    },
    PartitionFrozen: {
      description: 'A backup of parts was taken (FREEZE)',
      data: Type.Object(
        {
          backupName: str,
          increment: NonNegativeInteger,
          partitionId: Type.Union([str, Type.Null()]),
          partNames: Type.Array(str),
          frozenAt: IsoInstant,
        },
        closed,
      ),
    },
    PartitionUnfrozen: {
      description: 'A backup was removed (UNFREEZE)',
      data: Type.Object(
        { backupName: str, partitionId: Type.Union([str, Type.Null()]), partNames: Type.Array(str) },
        closed,
      ),
    },
    PartsMutated: {
      description: 'A mutation rewrote parts',
      data: Type.Object(
        {
          mutation,
          version: NonNegativeInteger,
          parts: Type.Array(Type.Object({ fromName: str, part }, closed)),
        },
        closed,
      ),
    },
    PartsMovedToDisk: {
      description: 'Parts were moved to another disk or volume',
      data: Type.Object(
        {
          target: Type.Object(
            { kind: Type.Union([Type.Literal('disk'), Type.Literal('volume')]), name: str },
            closed,
          ),
          disk: str,
          names: Type.Array(str),
        },
        closed,
      ),
    },
    PartsFetched: {
      description: 'Parts were fetched from another replica into detached',
      data: Type.Object({ from: str, parts: Type.Array(detachedPart) }, closed),
    },
    DetachedPartRegistered: {
      description: 'A part appeared in the detached directory',
      data: Type.Object({ detached: detachedPart }, closed),
    },
  },
});
