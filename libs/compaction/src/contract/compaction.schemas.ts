import { defineEventSchemas, IsoInstant, NonNegativeInteger } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { TabletEvent } from '../domain';

const closed = { additionalProperties: false } as const;
const str = Type.String();
const int = Type.Integer();
const rowset = Type.Object(
  {
    rowsetId: str,
    startVersion: NonNegativeInteger,
    endVersion: NonNegativeInteger,
    size: NonNegativeInteger,
    segments: NonNegativeInteger,
  },
  closed,
);
const compaction = {
  tabletId: int,
  compactionId: str,
  compactionType: Type.Union([Type.Literal('base'), Type.Literal('cumulative'), Type.Literal('full')]),
};

/** Doris tablets and their compactions (libs/compaction/src/domain/tablet.events.ts). */
export const COMPACTION_EVENT_SCHEMAS = defineEventSchemas<TabletEvent>()({
  category: 'tablet',
  description: 'Doris tablets: rowsets and compactions (stream tablet-<tenant>/<tabletId>)',
  events: {
    TabletRegistered: {
      description: 'A tablet was registered with its rowsets',
      data: Type.Object(
        {
          tabletId: int,
          tableId: int,
          schemaHash: int,
          rowsets: Type.Array(rowset),
          cumulativePoint: int,
          registeredAt: IsoInstant,
        },
        closed,
      ),
    },
    RowsetAdded: {
      description: 'A load added a rowset to the tablet',
      data: Type.Object({ tabletId: int, rowset, addedAt: IsoInstant }, closed),
    },
    CompactionTriggered: {
      description: 'A compaction was requested; its input rowsets are fixed now',
      data: Type.Object({ ...compaction, inputRowsetIds: Type.Array(str), triggeredAt: IsoInstant }, closed),
    },
    CompactionStarted: {
      description: 'An executor started the compaction',
      data: Type.Object({ ...compaction, startedAt: IsoInstant }, closed),
    },
    CompactionCompleted: {
      description: 'The input rowsets were merged into one output rowset',
      data: Type.Object(
        {
          ...compaction,
          inputRowsetIds: Type.Array(str),
          output: rowset,
          cumulativePoint: int,
          completedAt: IsoInstant,
        },
        closed,
      ),
    },
    CompactionFailed: {
      description: 'The compaction failed or timed out; the input rowsets stay',
      data: Type.Object(
        { ...compaction, reason: str, timedOut: Type.Boolean(), failedAt: IsoInstant },
        closed,
      ),
    },
  },
});
