import {
  apiAny,
  apiArray,
  apiBoolean,
  apiDecimal,
  apiEventJson,
  apiInstant,
  apiInteger,
  apiNumber,
  apiObject,
  ApiSchema,
  apiString,
} from '@engine/kernel';

/** OpenAPI schemas of the audit, projection and event-feed routes. */

const SUBJECT_CHANGE = apiObject(
  {
    kind: apiString('segment, partition, part, rowset, plan-partition...'),
    key: apiString(),
    change: apiString(),
    details: apiAny,
  },
  ['details'],
);

const eventProperties = (apiEventJson.properties ?? {}) as Record<string, ApiSchema>;

export const CATEGORIES = apiObject({
  categories: apiArray(apiObject({ category: apiString(), description: apiString() })),
});

export const EVENT_PAGE = apiObject(
  { stream: apiString(), events: apiArray(apiEventJson), next: apiDecimal },
  ['next'],
);

const { data: _data, ...withoutData } = eventProperties;
export const SUBJECT_HISTORY = apiObject(
  {
    stream: apiString(),
    subject: apiString(),
    entries: apiArray(apiObject({ ...withoutData, changes: apiArray(SUBJECT_CHANGE) })),
    next: apiDecimal,
  },
  ['next'],
);

export const STATE_VIEW = apiObject(
  {
    category: apiString(),
    id: apiString(),
    stream: apiString(),
    asOf: apiInstant,
    atPosition: apiDecimal,
    revision: apiString('revision of the last event folded in; -1 before the first'),
    position: apiDecimal,
    recordedAt: apiInstant,
    state: apiAny,
  },
  ['asOf', 'atPosition', 'position', 'recordedAt'],
);

export const DIFF = apiObject({
  category: apiString(),
  id: apiString(),
  stream: apiString(),
  before: STATE_VIEW,
  after: STATE_VIEW,
  events: apiArray(apiObject({ ...eventProperties, changes: apiArray(SUBJECT_CHANGE) })),
  truncated: apiBoolean,
});

const PROJECTION_STATUS = apiObject(
  {
    name: apiString(),
    version: apiInteger(),
    state: {
      type: 'string',
      enum: ['starting', 'catching-up', 'running', 'rebuilding', 'stopped', 'failed'],
    },
    checkpoint: apiDecimal,
    head: apiDecimal,
    lag: apiDecimal,
    eventsPerSecond: apiNumber,
    eventsApplied: apiInteger(),
    lastError: apiObject(
      { message: apiString(), eventId: apiString(), position: apiDecimal, type: apiString() },
      ['eventId', 'position', 'type'],
    ),
    file: apiString(),
  },
  ['lastError'],
);
export const PROJECTION_LIST = apiObject({ projections: apiArray(PROJECTION_STATUS) });
export const PROJECTION_REBUILD = apiObject({ rebuilding: PROJECTION_STATUS });

/** A page of one category's aggregates (browse/audit-aggregates.reader.ts AggregatePage). */
export const AGGREGATE_PAGE = apiObject(
  {
    category: apiString(),
    aggregates: apiArray(
      apiObject({
        id: apiString(),
        stream: apiString(),
        eventCount: apiInteger(),
        firstRecordedAt: apiInstant,
        lastChange: apiObject({
          type: apiString('event type'),
          revision: apiDecimal,
          position: apiDecimal,
          actor: apiString('key fingerprint or engine component'),
          source: apiString('the API the change came through'),
          correlationId: apiString(),
          recordedAt: apiInstant,
        }),
      }),
    ),
    next: apiString('cursor of the next page; absent on the last one'),
  },
  ['next'],
);

export const CATEGORY_PARAM = {
  name: 'category',
  description: 'stream category (GET /engine/v1/audit/categories)',
};
