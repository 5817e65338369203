import { EventSchemaRegistry, EventSchemaSet } from '@engine/audit';
import { categoryOf, EVENT_STORE, EventStore, RecordedEvent } from '@engine/eventstore';
import { eventToJson } from '@engine/kernel';
import type { Decider, DomainEvent } from '@engine/kernel/domain';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { TestEngine } from '../../support/engine-harness';

/** Checks events against the published JSON Schemas with ajv (strict, formats checked). */
export class EventContractChecker {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly schemas: EventSchemaRegistry) {
    addFormats(this.ajv);
  }

  static of(sets: readonly EventSchemaSet[]): EventContractChecker {
    return new EventContractChecker(new EventSchemaRegistry(sets));
  }

  /** A stored event as the API sends it (envelope, metadata and data); [] when it matches. */
  recorded(event: RecordedEvent): string[] {
    const category = categoryOf(event.streamName);
    const validate = this.validator(category, event.type, 'event');
    if (!validate) return [`${category}.${event.type} (position ${event.position}) has no schema`];
    return validate(eventToJson(event))
      ? []
      : [`${category}.${event.type} at ${event.position}: ${this.ajv.errorsText(validate.errors)}`];
  }

  /** An event as a decider returns it (no envelope yet): its data against its type's schema. */
  decided(category: string, event: DomainEvent): string[] {
    const validate = this.validator(category, event.type, 'data');
    if (!validate) return [`${category}.${event.type} has no schema`];
    return validate(event.data)
      ? []
      : [
          `${category}.${event.type}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(event.data)}`,
        ];
  }

  private validator(category: string, type: string, part: 'event' | 'data'): ValidateFunction | undefined {
    const registered = this.schemas.get(category, type);
    if (!registered) return undefined;
    const key = `${part}:${registered.key}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = registered.schema as { properties: { data: object } };
      validate = this.ajv.compile(part === 'event' ? schema : schema.properties.data);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** Decides the commands one after the other on one aggregate, folding each result in. */
export function decideAll<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  commands: readonly C[],
  state: S = decider.initialState(),
): { state: S; events: E[] } {
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    for (const event of decided) state = decider.evolve(state, event);
    events.push(...decided);
  }
  return { state, events };
}

/**
 * The schemas against real events: every event a family's own decider returned matches its
 * type's JSON Schema (formats, patterns and bounds included, which the compile-time proof cannot
 * see), and together they cover every event type of the category.
 */
export function expectDecidedEventsMatch(set: EventSchemaSet, events: readonly DomainEvent[]): void {
  const checker = EventContractChecker.of([set]);
  expect(events.flatMap((e) => checker.decided(set.category, e))).toEqual([]);
  expect([...new Set(events.map((e) => e.type))].sort()).toEqual(Object.keys(set.events).sort());
}

/** Every event in a store, checked against its type's JSON Schema; returns the problems. */
export async function storeContractViolations(
  store: EventStore,
  schemas: EventSchemaRegistry,
): Promise<string[]> {
  const checker = new EventContractChecker(schemas);
  const problems: string[] = [];
  let from = 0n;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    if (page.length === 0) return problems;
    for (const event of page) {
      from = event.position;
      problems.push(...checker.recorded(event));
    }
  }
}

/** Every event in the engine's store, checked against the schemas the engine publishes. */
export function contractViolations(engine: TestEngine): Promise<string[]> {
  return storeContractViolations(
    engine.app!.get<EventStore>(EVENT_STORE),
    engine.app!.get(EventSchemaRegistry),
  );
}
