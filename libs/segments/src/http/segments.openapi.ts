import {
  apiArray,
  apiBoolean,
  apiDecimal,
  apiEnum,
  apiInstant,
  apiInteger,
  apiObject,
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
