import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Small builders for OpenAPI 3.0 schema objects (no `const`, `nullable` instead of a null type),
 * used by the controllers' response and body decorators. The event contracts (draft 2020-12)
 * have their own builders in libs/audit/src/schemas/json-schema.ts.
 */
export type ApiSchema = SchemaObject;

export const apiString = (description?: string): ApiSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
export const apiInteger = (description?: string): ApiSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
export const apiNumber: ApiSchema = { type: 'number' };
export const apiBoolean: ApiSchema = { type: 'boolean' };
/** A bigint position or revision, sent as a decimal string. */
export const apiDecimal: ApiSchema = { type: 'string', pattern: '^[0-9]+$' };
export const apiInstant: ApiSchema = { type: 'string', format: 'date-time' };
export const apiEnum = (values: readonly string[]): ApiSchema => ({ type: 'string', enum: [...values] });
export const apiArray = (items: ApiSchema): ApiSchema => ({ type: 'array', items });
export const apiNullable = (schema: ApiSchema): ApiSchema => ({ ...schema, nullable: true });
/** Any JSON value (an event's data, a state document). */
export const apiAny: ApiSchema = { description: 'any JSON value' };

/** An object; every listed property is required unless named in `optional`; other fields allowed. */
export function apiObject(
  properties: Record<string, ApiSchema>,
  optional: readonly string[] = [],
): ApiSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** A recorded event as the native, audit and SSE routes send it (libs/kernel/src/http/event-json.ts). */
export const apiEventJson: ApiSchema = apiObject({
  id: apiString('event id (UUID)'),
  stream: apiString('stream name, `<category>-<tenant>-<id>`'),
  type: apiString('event type'),
  revision: apiDecimal,
  position: apiDecimal,
  data: apiAny,
  metadata: apiObject(
    {
      tenant: apiString(),
      actor: apiString('key fingerprint or engine component'),
      commandId: apiString(),
      correlationId: apiString(),
      causationId: apiString(),
      source: apiEnum(['druid', 'clickhouse', 'lakeformation', 'doris', 'can', 'native', 'executor']),
      occurredAt: apiInstant,
      part: apiObject({ index: apiInteger(), count: apiInteger() }),
      idempotencyKey: apiString(),
      schemaVersion: apiInteger(),
    },
    ['part', 'idempotencyKey', 'schemaVersion'],
  ),
  recordedAt: apiInstant,
});
