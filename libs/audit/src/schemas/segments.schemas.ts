import { arrayOf, EventSchemaSet, isoInstant, nonNegative, object, schemaVersion, str } from './json-schema';

/** Present when the ids are exactly a range of the datasource's segments (a ranged update). */
const selection = object(
  { startFrom: isoInstant, startTo: isoInstant, endTo: isoInstant, versions: arrayOf(str) },
  ['versions'],
);
const segmentIds = (what: string) => ({
  description: what,
  data: object({ schemaVersion: schemaVersion(1), datasource: str, segmentIds: arrayOf(str), selection }, [
    'selection',
  ]),
});

/** Druid segments (libs/segments/src/domain/segments.events.ts). */
export const SEGMENTS_EVENT_SCHEMAS: EventSchemaSet = {
  category: 'datasource',
  description: 'Druid segments of one datasource (stream datasource-<tenant>/<datasource>)',
  events: {
    SegmentsPublished: {
      description: 'New used segments were published to the datasource',
      data: object({
        schemaVersion: schemaVersion(1),
        datasource: str,
        segments: arrayOf(
          object({
            id: str,
            start: isoInstant,
            end: isoInstant,
            version: str,
            partitionNum: nonNegative,
            size: nonNegative,
          }),
        ),
      }),
    },
    SegmentsMarkedUnused: segmentIds('Segments were marked unused (no longer served)'),
    SegmentsMarkedUsed: segmentIds('Unused segments were marked used again'),
    UnusedSegmentsKilled: segmentIds('Unused segments were deleted for good (they leave every state view)'),
  },
};
