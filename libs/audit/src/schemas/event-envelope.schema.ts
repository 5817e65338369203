import { JsonSchema, object, str, isoInstant, nonNegative } from './json-schema';

const decimal: JsonSchema = { type: 'string', pattern: '^[0-9]+$' };

/** Envelope metadata every event carries (see EventMetadata in @engine/eventstore). */
export const EVENT_METADATA_SCHEMA: JsonSchema = object(
  {
    tenant: str,
    actor: str,
    commandId: str,
    correlationId: str,
    causationId: str,
    source: { enum: ['druid', 'clickhouse', 'lakeformation', 'doris', 'can', 'native', 'executor'] },
    occurredAt: isoInstant,
    part: object({ index: nonNegative, count: { type: 'integer', minimum: 1 }, change: str }, ['change']),
    idempotencyKey: str,
    schemaVersion: nonNegative,
  },
  ['part', 'idempotencyKey', 'schemaVersion'],
);

/** The whole event as the SSE feed and the audit routes send it (eventToJson), for one type. */
export function eventJsonSchema(category: string, type: string, data: JsonSchema): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: type,
    ...object({
      id: str,
      stream: { type: 'string', pattern: `^${category}-` },
      type: { const: type },
      revision: decimal,
      position: decimal,
      data,
      metadata: EVENT_METADATA_SCHEMA,
      recordedAt: isoInstant,
    }),
  };
}
