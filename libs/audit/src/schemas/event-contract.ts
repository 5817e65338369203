import type { DomainEvent } from '@engine/kernel/domain';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { EventSchemaSet } from './json-schema';

/*
 * A family writes each event type's JSON Schema once, with TypeBox, beside its domain types
 * (libs/<family>/src/contract). `defineEventSchemas<XEvent>()` proves at compile time that the
 * schemas cover exactly the union's types and that each schema's static type is the domain
 * type of that event's `data`, so neither side can change alone.
 */

/** Fragments every family uses; the formats are checked by ajv-formats. */
export const IsoInstant = Type.String({ format: 'date-time' });
export const NonNegativeInteger = Type.Integer({ minimum: 0 });

/** `readonly` removed at every depth: domain types carry it, TypeBox's static types do not, JSON has none. */
export type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Plain<T[K]> }
    : T;

/** Type identity, stricter than assignability both ways (an extra optional property differs). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export type SameShape<A, B> = Equals<Plain<A>, Plain<B>>;

export interface EventTypeContract {
  /** One line for the AsyncAPI document. */
  readonly description: string;
  /** The schema of the event's `data`. */
  readonly data: TSchema;
}

type DataOf<E extends DomainEvent, T> = Extract<E, { type: T }>['data'];

/** The event types of `E` whose schema's static type is not exactly the domain's `data` type. */
export type DriftingEventTypes<E extends DomainEvent, M extends Record<E['type'], EventTypeContract>> = {
  [T in E['type']]: SameShape<Static<M[T]['data']>, DataOf<E, T>> extends true ? never : T;
}[E['type']];

/** Adds a property the argument lacks when a schema drifted, so the error names the event type. */
type NoDrift<E extends DomainEvent, M extends Record<E['type'], EventTypeContract>> = [
  DriftingEventTypes<E, M>,
] extends [never]
  ? unknown
  : { schemaDiffersFromDomainType: DriftingEventTypes<E, M> };

/**
 * The schemas of one stream category's events: exactly one per type of the union `E`
 * (a missing one, an unknown one or one whose shape differs from the domain type fails typecheck).
 * Curried so `E` is given and the schemas are inferred.
 */
export function defineEventSchemas<E extends DomainEvent>() {
  return <M extends Record<E['type'], EventTypeContract>>(
    set: {
      category: string;
      description: string;
      events: M & Record<Exclude<keyof M, E['type']>, never>;
    } & NoDrift<E, M>,
  ): EventSchemaSet => ({ category: set.category, description: set.description, events: set.events });
}
