import { Injectable } from '@nestjs/common';
import { eventJsonSchema } from './event-envelope.schema';
import { EventSchemaSet, JsonSchema } from './json-schema';

export interface RegisteredEventSchema {
  /** `<category>.<type>`: event types are unique per category only (`TableCreated` exists twice). */
  key: string;
  type: string;
  category: string;
  description: string;
  /** Schema of the whole event JSON (envelope, metadata and data). */
  schema: JsonSchema;
}

/** The public event contract: one JSON Schema per event type, grouped by stream category. */
@Injectable()
export class EventSchemaRegistry {
  private readonly byKey = new Map<string, RegisteredEventSchema>();
  private readonly sets: EventSchemaSet[] = [];

  constructor(sets: readonly EventSchemaSet[] = []) {
    for (const set of sets) this.register(set);
  }

  register(set: EventSchemaSet): void {
    for (const [type, { description, data }] of Object.entries(set.events)) {
      const key = `${set.category}.${type}`;
      if (this.byKey.has(key)) throw new Error(`event type ${key} has two schemas`);
      const schema = eventJsonSchema(set.category, type, data);
      this.byKey.set(key, { key, type, category: set.category, description, schema });
    }
    this.sets.push(set);
  }

  get(category: string, type: string): RegisteredEventSchema | undefined {
    return this.byKey.get(`${category}.${type}`);
  }

  all(): RegisteredEventSchema[] {
    return [...this.byKey.values()];
  }

  categories(): { category: string; description: string }[] {
    return this.sets.map(({ category, description }) => ({ category, description }));
  }
}
