/** A JSON Schema (draft 2020-12 subset) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The schema of one event type's `data`. */
export interface EventTypeSchema {
  description: string;
  data: JsonSchema;
}

/** One family's event contract: its stream category and a schema per event type. */
export interface EventSchemaSet {
  category: string;
  description: string;
  events: Readonly<Record<string, EventTypeSchema>>;
}

// Small builders keep the family schema files short and readable.
export const str: JsonSchema = { type: 'string' };
export const isoInstant: JsonSchema = { type: 'string', format: 'date-time' };
export const int: JsonSchema = { type: 'integer' };
export const nonNegative: JsonSchema = { type: 'integer', minimum: 0 };
export const bool: JsonSchema = { type: 'boolean' };
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
export const schemaVersion = (version: number): JsonSchema => ({ const: version });

/** A closed object: every listed property is required unless named in `optional`. */
export function object(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}
