import {
  apiArray,
  apiBoolean,
  apiEnum,
  apiInteger,
  apiNullable,
  apiObject,
  ApiSchema,
  apiString,
} from '@engine/kernel';

/** OpenAPI schemas of the Doris compaction routes and the native tablet API. */

const COMPACTION_TYPE = apiEnum(['base', 'cumulative', 'full']);
const instant = apiNullable(apiString('ISO-8601 instant'));
const perType: ApiSchema = apiObject({ base: instant, cumulative: instant, full: instant });

export const DORIS_STATUS = apiObject({ status: apiString('Success or Fail'), msg: apiString() });

export const DORIS_RUN_STATUS = apiObject({
  status: apiString(),
  run_status: apiBoolean,
  msg: apiString(),
  tablet_id: apiInteger(),
  schema_hash: apiInteger(),
  compact_type: apiString('base, cumulative, full, or empty when nothing runs'),
});

export const DORIS_SHOW: ApiSchema = {
  type: 'object',
  description:
    "Doris's compaction status JSON: `cumulative policy type`, `cumulative point`, `last <type> <failure|success> time`, rowsets as `[start-end] segments DATA NONOVERLAPPING id size`, missing_rowsets, stale_rowsets, `stale version path`",
  properties: {
    'cumulative policy type': apiString(),
    'cumulative point': apiInteger(),
    rowsets: apiArray(apiString()),
    missing_rowsets: apiArray(apiString()),
    stale_rowsets: apiArray(apiString()),
    'stale version path': apiArray(apiString()),
  },
  additionalProperties: apiString('yyyy-MM-dd HH:mm:ss.SSS'),
};

const ROWSET = apiObject({
  rowset_id: apiString(),
  start_version: apiInteger(),
  end_version: apiInteger(),
  size: apiInteger('bytes'),
  segments: apiInteger(),
});

export const TABLET = apiObject({
  tablet_id: apiInteger(),
  table_id: apiInteger(),
  schema_hash: apiInteger(),
  cumulative_point: apiInteger(),
  rowsets: apiArray(ROWSET),
  missing_versions: apiArray(apiArray(apiInteger())),
  running_compaction: apiNullable(
    apiObject({
      compaction_id: apiString(),
      compaction_type: COMPACTION_TYPE,
      status: apiEnum(['triggered', 'running']),
      triggered_at: apiString(),
      started_at: apiNullable(apiString()),
    }),
  ),
  last_success: perType,
  last_failure: perType,
  compactions: apiArray(
    apiObject({
      compaction_id: apiString(),
      compaction_type: COMPACTION_TYPE,
      status: apiString(),
      input_rowset_ids: apiArray(apiString()),
      output: apiNullable(ROWSET),
      cumulative_point_after: apiNullable(apiInteger()),
      reason: apiNullable(apiString()),
      triggered_at: apiString(),
      started_at: apiNullable(apiString()),
      finished_at: apiNullable(apiString()),
      source: apiString(),
    }),
  ),
});

export const REGISTER_TABLET = apiObject(
  {
    tablet_id: apiInteger(),
    table_id: apiInteger(),
    schema_hash: apiInteger(),
    rowsets: apiArray(
      apiObject({
        start_version: apiInteger(),
        end_version: apiInteger(),
        size: apiInteger(),
        segments: apiInteger(),
      }),
    ),
    cumulative_point: apiInteger(),
  },
  ['cumulative_point'],
);
export const ADD_ROWSET = apiObject({ size: apiInteger('bytes'), segments: apiInteger() });
export const TRIGGER_COMPACTION = apiObject({ compaction_type: COMPACTION_TYPE });
export const COMPLETE_COMPACTION = apiObject(
  { size: apiInteger('output bytes'), segments: apiInteger('needs size') },
  ['size', 'segments'],
);
export const FAIL_COMPACTION = apiObject({ reason: apiString() });

/** Doris BE's `GET /tablets_json`: tablet_id and schema_hash of each tablet, and the count. */
export const DORIS_TABLETS = apiObject({
  msg: apiString('OK'),
  code: apiInteger('0'),
  data: apiObject({
    host: apiString('the Host header of the request'),
    tablets: apiArray(apiObject({ tablet_id: apiInteger(), schema_hash: apiInteger() })),
  }),
  count: apiInteger(),
});

/** A page of the native tablet listing (tablet-browse.queries.ts TabletSummary). */
export const TABLET_PAGE = apiObject(
  {
    tablets: apiArray(
      apiObject({
        tabletId: apiInteger(),
        tableId: apiInteger(),
        schemaHash: apiInteger(),
        cumulativePoint: apiInteger(),
        rowsetCount: apiInteger(),
        // Not an enum: OpenAPI 3.0 validators reject null for an enum without a null member.
        runningCompaction: apiNullable(apiString('base, cumulative or full; null when none runs')),
      }),
    ),
    next: apiString('cursor of the next page (the last tablet id); absent on the last one'),
  },
  ['next'],
);

export const TABLET_PARAM = { name: 'tablet_id', description: 'tablet ID (integer)' };
export const COMPACTION_PARAM = { name: 'compaction_id' };
