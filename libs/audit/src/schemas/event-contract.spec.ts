import type { DomainEvent } from '@engine/kernel/domain';
import { Type } from '@sinclair/typebox';
import { defineEventSchemas, SameShape } from './event-contract';

/*
 * The compile-time half of the event contract: `npm run typecheck` fails if a `@ts-expect-error`
 * below stops being an error, i.e. if defineEventSchemas accepted a schema that drifted from its
 * domain type. The runtime assertions check what the call returns.
 */

type Opened = DomainEvent<'Opened', { readonly id: string; readonly tags: readonly string[]; note?: string }>;
type Closed = DomainEvent<'Closed', { id: string; at: string }>;
type ExampleEvent = Opened | Closed;

const opened = Type.Object({
  id: Type.String(),
  tags: Type.Array(Type.String()),
  note: Type.Optional(Type.String()),
});
const closed = Type.Object({ id: Type.String(), at: Type.String({ format: 'date-time' }) });
const define = defineEventSchemas<ExampleEvent>();
const base = { category: 'example', description: 'examples' };

describe('defineEventSchemas', () => {
  it('accepts one schema per event type whose static type is the domain type (readonly aside)', () => {
    const set = define({
      ...base,
      events: {
        Opened: { description: 'opened', data: opened },
        Closed: { description: 'closed', data: closed },
      },
    });
    expect(set.category).toBe('example');
    expect(Object.keys(set.events)).toEqual(['Opened', 'Closed']);
    expect(set.events.Closed.data).toMatchObject({ properties: { at: { format: 'date-time' } } });
  });

  it('refuses, at compile time, a missing type, an unknown type and every kind of drift', () => {
    const closedEntry = { description: 'closed', data: closed };
    // @ts-expect-error Closed has no schema
    define({ ...base, events: { Opened: { description: 'opened', data: opened } } });
    define({
      ...base,
      // @ts-expect-error Reopened is not an event type of the union
      events: { Opened: { description: 'o', data: opened }, Closed: closedEntry, Reopened: closedEntry },
    });
    const wrongType = Type.Object({ ...opened.properties, id: Type.Number() });
    // @ts-expect-error id is a string in the domain
    define({ ...base, events: { Opened: { description: 'o', data: wrongType }, Closed: closedEntry } });
    const required = Type.Object({ ...opened.properties, note: Type.String() });
    // @ts-expect-error note is optional in the domain
    define({ ...base, events: { Opened: { description: 'o', data: required }, Closed: closedEntry } });
    const extraOptional = Type.Object({ ...opened.properties, color: Type.Optional(Type.String()) });
    // @ts-expect-error the domain type has no color, even an optional one
    define({ ...base, events: { Opened: { description: 'o', data: extraOptional }, Closed: closedEntry } });
    const missing = Type.Object({ id: Type.String(), tags: Type.Array(Type.String()) });
    // @ts-expect-error the schema lacks note
    define({ ...base, events: { Opened: { description: 'o', data: missing }, Closed: closedEntry } });

    const identical: SameShape<{ readonly a: readonly string[] }, { a: string[] }> = true;
    const differs: SameShape<{ a: string | null }, { a: string }> = false;
    expect([identical, differs]).toEqual([true, false]);
  });
});
