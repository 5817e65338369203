import { Type } from '@sinclair/typebox';
import { IsoInstant, NonNegativeInteger } from './event-contract';
import { JsonSchema } from './json-schema';

const closed = { additionalProperties: false } as const;
const decimal = Type.String({ pattern: '^[0-9]+$' });

/** Envelope metadata every event carries (see EventMetadata in @engine/eventstore). */
export const EVENT_METADATA_SCHEMA = Type.Object(
  {
    tenant: Type.String(),
    actor: Type.String(),
    commandId: Type.String(),
    correlationId: Type.String(),
    causationId: Type.String(),
    source: Type.Union(
      ['druid', 'clickhouse', 'lakeformation', 'doris', 'can', 'native', 'executor'].map((s) =>
        Type.Literal(s),
      ),
    ),
    occurredAt: IsoInstant,
    part: Type.Optional(
      Type.Object(
        {
          index: NonNegativeInteger,
          count: Type.Integer({ minimum: 1 }),
          change: Type.Optional(Type.String()),
        },
        closed,
      ),
    ),
    idempotencyKey: Type.Optional(Type.String()),
    schemaVersion: Type.Optional(NonNegativeInteger),
  },
  closed,
);

/** The whole event as the SSE feed and the audit routes send it (eventToJson), for one type. */
export function eventJsonSchema(category: string, type: string, data: JsonSchema): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: type,
    ...Type.Object(
      {
        id: Type.String(),
        stream: Type.String({ pattern: `^${category}-` }),
        type: Type.Literal(type),
        revision: decimal,
        position: decimal,
        data: Type.Unsafe(data),
        metadata: EVENT_METADATA_SCHEMA,
        recordedAt: IsoInstant,
      },
      closed,
    ),
  };
}
