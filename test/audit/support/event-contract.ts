import { EventSchemaRegistry } from '@engine/audit';
import { categoryOf, EVENT_STORE, EventStore } from '@engine/eventstore';
import { eventToJson } from '@engine/kernel';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { TestEngine } from '../../support/engine-harness';

/** Every event in the engine's store, checked against its type's JSON Schema; returns the problems. */
export async function contractViolations(engine: TestEngine): Promise<string[]> {
  const store = engine.app!.get<EventStore>(EVENT_STORE);
  const schemas = engine.app!.get(EventSchemaRegistry);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const problems: string[] = [];
  let from = 0n;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    if (page.length === 0) return problems;
    for (const event of page) {
      from = event.position;
      const registered = schemas.get(categoryOf(event.streamName), event.type);
      if (!registered) {
        problems.push(
          `${categoryOf(event.streamName)}.${event.type} (position ${event.position}) has no schema`,
        );
        continue;
      }
      const validate =
        ajv.getSchema(registered.key) ??
        (ajv.addSchema(registered.schema, registered.key), ajv.getSchema(registered.key)!);
      if (!validate(eventToJson(event)))
        problems.push(`${registered.key} at ${event.position}: ${ajv.errorsText(validate.errors)}`);
    }
  }
}
