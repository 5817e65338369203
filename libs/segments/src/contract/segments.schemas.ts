import { defineEventSchemas, IsoInstant, NonNegativeInteger } from '@engine/audit';
import { Type } from '@sinclair/typebox';
import type { SegmentsEvent } from '../domain';

const closed = { additionalProperties: false } as const;

/** Present when the ids are exactly a range of the datasource's segments (a ranged update). */
const selection = Type.Object(
  {
    startFrom: IsoInstant,
    startTo: IsoInstant,
    endTo: IsoInstant,
    versions: Type.Optional(Type.Array(Type.String())),
  },
  closed,
);
const stateChange = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    datasource: Type.String(),
    segmentIds: Type.Array(Type.String()),
    selection: Type.Optional(selection),
  },
  closed,
);
const publishedSegment = Type.Object(
  {
    id: Type.String(),
    start: IsoInstant,
    end: IsoInstant,
    version: Type.String(),
    partitionNum: NonNegativeInteger,
    size: NonNegativeInteger,
  },
  closed,
);

/** Druid segments (libs/segments/src/domain/segments.events.ts). */
export const SEGMENTS_EVENT_SCHEMAS = defineEventSchemas<SegmentsEvent>()({
  category: 'datasource',
  description: 'Druid segments of one datasource (stream datasource-<tenant>/<datasource>)',
  events: {
    SegmentsPublished: {
      description: 'New used segments were published to the datasource',
      data: Type.Object(
        { schemaVersion: Type.Literal(1), datasource: Type.String(), segments: Type.Array(publishedSegment) },
        closed,
      ),
    },
    SegmentsMarkedUnused: {
      description: 'Segments were marked unused (no longer served)',
      data: stateChange,
    },
    SegmentsMarkedUsed: {
      description: 'Unused segments were marked used again',
      data: stateChange,
    },
    UnusedSegmentsKilled: {
      description: 'Unused segments were deleted for good (they leave every state view)',
      data: stateChange,
    },
  },
});
