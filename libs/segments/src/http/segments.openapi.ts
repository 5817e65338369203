import {
  apiArray,
  apiBoolean,
  apiDecimal,
  apiEnum,
  apiInstant,
  apiInteger,
  apiObject,
  ApiSchema,
  apiString,
} from '@engine/kernel';

/** OpenAPI schemas of the segment routes' bodies (Druid's shapes and the native ones). */

/** Druid's DataSegment JSON as toDruidSegment renders it. */
export const DRUID_SEGMENT = apiObject({
  dataSource: apiString(),
  interval: apiString('ISO-8601 start/end'),
  version: apiString(),
  shardSpec: apiObject({ type: apiString(), partitionNum: apiInteger(), partitions: apiInteger() }),
  size: apiInteger('bytes'),
  identifier: apiString('segment ID'),
});

export const NATIVE_SEGMENT = apiObject({
  id: apiString(),
  datasource: apiString(),
  interval: apiString('ISO-8601 start/end'),
  version: apiString(),
  partitionNum: apiInteger(),
  size: apiInteger(),
  state: apiEnum(['used', 'unused']),
  lastChange: apiObject({ position: apiDecimal, at: apiInstant }),
});

export const SEGMENT_STATE_CHANGED = apiObject({ segmentStateChanged: apiBoolean });
export const NUM_CHANGED_SEGMENTS = apiObject({ numChangedSegments: apiInteger() });

/** Druid's SegmentsToUpdateFilter: segmentIds, or an interval with optional versions. */
export const SEGMENTS_TO_UPDATE = apiObject(
  {
    interval: apiString('ISO-8601 start/end'),
    segmentIds: apiArray(apiString()),
    versions: apiArray(apiString()),
  },
  ['interval', 'segmentIds', 'versions'],
);

export const PUBLISH_SEGMENTS = apiObject({
  segments: apiArray(
    apiObject(
      {
        interval: apiString('ISO-8601 start/end'),
        version: apiString(),
        partitionNum: apiInteger('default 0'),
        size: apiInteger('bytes'),
      },
      ['partitionNum'],
    ),
  ),
});

export const DATASOURCE_PARAM = { name: 'datasource', description: 'Druid datasource name' };
export const SEGMENT_ID_PARAM = {
  name: 'segmentId',
  description: 'Druid segment ID `<datasource>_<start>_<end>_<version>[_<partitionNum>]`',
};

/** Druid's ImmutableDruidDataSource of the used segments (`?full`, metadata/datasources/{ds}). */
export const DRUID_FULL_DATASOURCE = apiObject({
  name: apiString(),
  properties: { type: 'object' },
  segments: apiArray(DRUID_SEGMENT),
});

const DRUID_SIZES = { size: apiInteger('bytes'), replicatedSize: apiInteger('bytes') };

/** Druid's simple datasource properties: served segments per tier, counts and time extent. */
export const DRUID_SIMPLE_PROPERTIES = apiObject({
  tiers: {
    type: 'object',
    description: 'per tier (the engine serves on `_default_tier`); empty when nothing is served',
    additionalProperties: apiObject({ segmentCount: apiInteger(), ...DRUID_SIZES }),
  },
  segments: apiObject(
    {
      count: apiInteger(),
      ...DRUID_SIZES,
      minTime: apiString('ISO-8601 instant'),
      maxTime: apiString('ISO-8601 instant'),
    },
    ['minTime', 'maxTime'],
  ),
});

/** A page of the native datasource listing, with counts and the used segments' extent. */
export const BROWSE_DATASOURCES = apiObject(
  {
    datasources: apiArray(
      apiObject(
        {
          name: apiString(),
          usedCount: apiInteger(),
          unusedCount: apiInteger(),
          usedSize: apiInteger('bytes of the used segments'),
          interval: apiString('ISO-8601 start/end of the used segments'),
        },
        ['interval'],
      ),
    ),
    next: apiString('cursor of the next page; absent on the last one'),
  },
  ['next'],
);

/** A page of a datasource's segments in the native shape, with the overshadowed flag. */
export const BROWSE_SEGMENTS = apiObject(
  {
    segments: apiArray(
      apiObject({
        ...(NATIVE_SEGMENT.properties as Record<string, ApiSchema>),
        overshadowed: apiBoolean,
      }),
    ),
    next: apiString('cursor of the next page; absent on the last one'),
  },
  ['next'],
);

export const PAGE_CURSOR_QUERY = {
  name: 'cursor',
  required: false,
  description: 'the `next` of the previous page',
};
export const PAGE_LIMIT_QUERY = { name: 'limit', required: false, description: '1 to 1000, default 100' };
