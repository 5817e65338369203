import { arrayOf, bool, EventSchemaSet, int, isoInstant, nonNegative, object, str } from './json-schema';

const rowset = object({
  rowsetId: str,
  startVersion: nonNegative,
  endVersion: nonNegative,
  size: nonNegative,
  segments: nonNegative,
});
const compactionType = { enum: ['base', 'cumulative', 'full'] };
const compaction = { tabletId: int, compactionId: str, compactionType };

/** Doris tablets and their compactions (libs/compaction/src/domain/tablet.events.ts). */
export const COMPACTION_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'tablet',
  description: 'Doris tablets: rowsets and compactions (stream tablet-<tenant>/<tabletId>)',
  events: {
    TabletRegistered: {
      description: 'A tablet was registered with its rowsets',
      data: object({
        tabletId: int,
        tableId: int,
        schemaHash: int,
        rowsets: arrayOf(rowset),
        cumulativePoint: int,
        registeredAt: isoInstant,
      }),
    },
    RowsetAdded: {
      description: 'A load added a rowset to the tablet',
      data: object({ tabletId: int, rowset, addedAt: isoInstant }),
    },
    CompactionTriggered: {
      description: 'A compaction was requested; its input rowsets are fixed now',
      data: object({ ...compaction, inputRowsetIds: arrayOf(str), triggeredAt: isoInstant }),
    },
    CompactionStarted: {
      description: 'An executor started the compaction',
      data: object({ ...compaction, startedAt: isoInstant }),
    },
    CompactionCompleted: {
      description: 'The input rowsets were merged into one output rowset',
      data: object({
        ...compaction,
        inputRowsetIds: arrayOf(str),
        output: rowset,
        cumulativePoint: int,
        completedAt: isoInstant,
      }),
    },
    CompactionFailed: {
      description: 'The compaction failed or timed out; the input rowsets stay',
      data: object({ ...compaction, reason: str, timedOut: bool, failedAt: isoInstant }),
    },
  },
};
