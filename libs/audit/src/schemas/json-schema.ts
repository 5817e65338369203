/** A JSON Schema (draft 2020-12 subset) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The schema of one event type's `data`. */
export interface EventTypeSchema {
  description: string;
  data: JsonSchema;
}

/** One stream category's event contract: a schema per event type (built with `defineEventSchemas`). */
export interface EventSchemaSet {
  category: string;
  description: string;
  events: Readonly<Record<string, EventTypeSchema>>;
}
