import { apiArray, apiBoolean, apiEnum, apiInteger, apiNullable, apiObject, apiString } from '@engine/kernel';
import { GRANULARITIES } from '../domain/granularity.value-object';
import { REFRESH_TYPES } from '../domain/plan.state';

/** OpenAPI schemas of the CAN routes and the native materialization plan API. */

/** CAN's response envelope (can-envelope.dto.ts); `code` is the HTTP status as a string. */
export const CAN_ENVELOPE = apiObject({
  data: apiNullable(apiEnum(['success'])),
  success: apiBoolean,
  code: apiString('HTTP status as a string'),
  errorMsg: apiNullable(apiString()),
  detailErrorMsg: apiNullable(apiString('the engine error code')),
});

const PLAN_SUMMARY = {
  uuid: apiString(),
  name: apiString(),
  refreshType: apiEnum(REFRESH_TYPES),
  granularity: apiEnum(GRANULARITIES),
  table: apiEnum(['never', 'materialized', 'cleared']),
  createdAt: apiString(),
  updatedAt: apiString(),
};

export const CREATED_PLAN = apiObject({
  uuid: apiString(),
  name: apiString(),
  refreshType: apiEnum(REFRESH_TYPES),
  granularity: apiEnum(GRANULARITIES),
  createdAt: apiString(),
});

export const PLAN_LIST = apiObject({ plans: apiArray(apiObject(PLAN_SUMMARY, ['table'])) });

/** A page of the native plan browse (plans-browse.controller.ts): counts of partitions by outcome. */
export const PLAN_BROWSE_PAGE = apiObject(
  {
    plans: apiArray(
      apiObject({
        uuid: apiString(),
        name: apiString(),
        refreshType: apiEnum(REFRESH_TYPES),
        granularity: apiEnum(GRANULARITIES),
        tableStatus: apiEnum(['never', 'materialized', 'cleared']),
        createdAt: apiString(),
        updatedAt: apiString(),
        partitions: apiObject({
          hit: apiInteger('materialized partitions'),
          cleared: apiInteger(),
          failed: apiInteger(),
        }),
      }),
    ),
    next: apiString('cursor of the next page; absent on the last one'),
  },
  ['next'],
);

const PARTITION = apiObject(
  {
    key: apiString(),
    start: apiString('inclusive, UTC'),
    end: apiString('exclusive, UTC'),
    state: apiEnum(['materialized', 'cleared', 'failed', 'never']),
    eventId: apiString(),
    eventType: apiString(),
    position: apiString(),
    updatedAt: apiString(),
  },
  ['eventId', 'eventType', 'position', 'updatedAt'],
);

export const PLAN_VIEW = apiObject(
  {
    ...PLAN_SUMMARY,
    counts: apiObject({
      materialized: apiInteger(),
      cleared: apiInteger(),
      failed: apiInteger(),
      never: apiInteger(),
    }),
    partitions: apiArray(PARTITION),
  },
  ['table'],
);

export const PLAN_HIT = apiObject({
  uuid: apiString(),
  granularity: apiEnum(GRANULARITIES),
  start: apiString(),
  end: apiString(),
  hit: apiBoolean,
  partitions: apiInteger('partitions in the range'),
  fullBackfillRequired: apiBoolean,
  missing: apiArray(
    apiObject({ key: apiString(), start: apiString(), end: apiString(), state: apiString() }),
  ),
});

export const BACKFILL_RESULT = apiObject({
  materialized: apiInteger(),
  failed: apiInteger(),
  fullRefresh: apiBoolean,
});
export const CLEAR_RESULT = apiObject({ cleared: apiInteger(), wholeTable: apiBoolean });
export const DELETE_RESULT = apiObject({ deleted: apiBoolean });

export const PLAN_UUID_PARAM = { name: 'uuid', description: 'plan UUID' };
