// Narrow imports only: worker threads load every projection file, and with it this one.
import type { RecordedEvent, SubscriptionFilter } from '@engine/eventstore';
import { parseStreamName } from '@engine/eventstore/stream-name';
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../domain/decider';
import type { ProjectionDefinition, ProjectionHandler } from './projection';

/**
 * What a handler gets besides the payload. One object per opened projection, updated in place
 * for each event (no allocation per event): read it during the call, never keep it.
 */
export interface ProjectionContext<Sql> {
  /** The tenant the stream belongs to (from the stream name `<category>-<tenant>/<id>`). */
  readonly tenant: string;
  readonly stream: string;
  readonly position: bigint;
  readonly revision: bigint;
  /** When the change happened: the command's `occurredAt`, else the store's `recordedAt`. */
  readonly time: string;
  /** The whole recorded event, for its id and metadata (source, correlation). */
  readonly event: RecordedEvent;
  /** What `prepare` returned: the projection's statements and the helpers built on them. */
  readonly sql: Sql;
}

/** The handler of event type `T`: its payload as the family's union declares it. */
export type TypedHandler<E extends DomainEvent, T extends E['type'], Sql> = (
  data: Extract<E, { type: T }>['data'],
  ctx: ProjectionContext<Sql>,
) => void;

/** One handler per event type the projection reads, its payload typed by the family's union. */
export type ProjectionHandlers<E extends DomainEvent, Sql> = {
  readonly [T in E['type']]?: TypedHandler<E, T, Sql>;
};

/** The handlers every type not in `Ignored` must have (none when `ignores` is left out). */
type RequiredHandlers<E extends DomainEvent, Sql, Ignored extends readonly E['type'][]> = {
  readonly [T in Exclude<E['type'], Ignored[number]>]: TypedHandler<E, T, Sql>;
};

/** What every projection declares, whichever way it reads its events. */
export interface ProjectionBase<Sql> {
  readonly name: string;
  /** Bump when the tables or their meaning change: the new version rebuilds from position 0. */
  readonly version: number;
  /**
   * Where a worker thread imports this definition from: `{ file: __filename, exportName }`.
   * Required (here and on the runtime contract): without it the projection could only run on the
   * main thread, and nothing would say so.
   */
  readonly source: { readonly file: string; readonly exportName: string };
  /** DDL run on open; it must be idempotent (`CREATE ... IF NOT EXISTS`). */
  readonly tables: string;
  /** Prepares the statements once per open database; handlers get them as `ctx.sql`. */
  readonly prepare: (db: Database.Database) => Sql;
  /** Runs in each batch's transaction before its first event (a failed batch is retried: reset buffers here). */
  readonly beforeBatch?: (sql: Sql) => void;
  /** Runs in each batch's transaction after its last event; `last` is the last event's position, if any. */
  readonly afterBatch?: (sql: Sql, last: bigint | undefined) => void;
}

/** A projection of one family's events, read by type: one typed handler per event type. */
export interface ProjectionSpec<E extends DomainEvent, Sql> extends ProjectionBase<Sql> {
  /** The stream categories read; the event types come from `on`'s keys. */
  readonly categories: readonly string[];
  readonly on: ProjectionHandlers<E, Sql>;
  /**
   * The event types of the union this projection deliberately does not read. Listing them
   * (even as `[]`) makes `on` exhaustive: a type added to the union then fails to compile here
   * until it is handled or listed. Leave it out for a projection reading a few types of a large union.
   */
  readonly ignores?: readonly E['type'][];
}

/**
 * A projection that reads every event the same way, whatever its type or family (the audit
 * listing: one row per stream of every category). It has `every(ctx)` instead of `on`: no typed
 * payload (`ctx.event` has the recorded event), and its subscription takes every event type.
 */
export interface EveryEventSpec<Sql> extends ProjectionBase<Sql> {
  /** The stream categories read; every category when left out. */
  readonly categories?: readonly string[];
  readonly every: (ctx: ProjectionContext<Sql>) => void;
}

/** `defineProjection<E>()`: typed handlers per event type of `E`, or one `every` handler. */
export interface ProjectionBuilder<E extends DomainEvent> {
  <Sql, const Ignored extends readonly E['type'][] = readonly E['type'][]>(
    spec: ProjectionSpec<E, Sql> & {
      readonly ignores?: Ignored;
      readonly on: RequiredHandlers<E, Sql, Ignored>;
    },
  ): TypedProjectionDefinition<E>;
  <Sql>(spec: EveryEventSpec<Sql>): DefinedProjection<E>;
}

/** A projection built by `defineProjection`: the runtime contract, plus its event union (types only). */
export interface DefinedProjection<E extends DomainEvent> extends ProjectionDefinition {
  readonly source: { readonly file: string; readonly exportName: string };
  /** Never set: carries the event union for `ProjectionSpecification` in libs/testing. */
  readonly events?: E;
}

/** One built from typed handlers: its subscription reads its categories and the keys of `on`. */
export interface TypedProjectionDefinition<E extends DomainEvent> extends DefinedProjection<E> {
  readonly filter: { readonly categories: readonly string[]; readonly eventTypes: readonly E['type'][] };
}

class Context<Sql> implements ProjectionContext<Sql> {
  event!: RecordedEvent;
  tenant = '';
  stream = '';
  private streamTenant: string | undefined;

  constructor(readonly sql: Sql) {}

  get position(): bigint {
    return this.event.position;
  }
  get revision(): bigint {
    return this.event.revision;
  }
  get time(): string {
    return this.event.metadata.occurredAt ?? this.event.recordedAt;
  }

  /** Points at the next event; the stream name is parsed only when it changes (commands append runs of one stream). */
  at(event: RecordedEvent): void {
    this.event = event;
    if (event.streamName !== this.stream) {
      this.stream = event.streamName;
      this.streamTenant = parseStreamName(event.streamName)?.tenant;
    }
    this.tenant = this.streamTenant ?? event.metadata.tenant;
  }
}

/**
 * Typed projections: `defineProjection<FamilyEvent>()({ name, version, source, categories,
 * tables, prepare, on: { EventType(data, ctx) {...} } })`. The subscription filter is derived
 * from `on`, so a handled type cannot be missing from it. A projection reading every event alike
 * gives `every(ctx)` instead of `on` (see `EveryEventSpec`). Compiles to the runtime's
 * `ProjectionDefinition` (`open(db) -> apply`). Two calls because TypeScript cannot infer the
 * statements' type while the event union is given explicitly.
 */
export function defineProjection<E extends DomainEvent = DomainEvent>(): ProjectionBuilder<E> {
  function build<Sql>(spec: ProjectionSpec<E, Sql>): TypedProjectionDefinition<E>;
  function build<Sql>(spec: EveryEventSpec<Sql>): DefinedProjection<E>;
  function build<Sql>(spec: ProjectionSpec<E, Sql> | EveryEventSpec<Sql>): DefinedProjection<E> {
    if ('every' in spec) {
      const { every } = spec;
      const handle: Handle<Sql> = (_data, ctx) => every(ctx);
      // No filter at all without categories: exactly what a hand-written definition reading everything has.
      const filter = spec.categories ? { categories: spec.categories } : undefined;
      return compile<E, Sql, typeof filter>(spec, filter, () => handle);
    }
    const handlers = new Map(
      Object.entries(spec.on as Record<string, Handle<Sql> | undefined>).filter(
        (entry): entry is [string, Handle<Sql>] => typeof entry[1] === 'function',
      ),
    );
    const filter = { categories: spec.categories, eventTypes: [...handlers.keys()] as E['type'][] };
    return compile<E, Sql, typeof filter>(spec, filter, (type) => handlers.get(type));
  }
  return build;
}

type Handle<Sql> = (data: unknown, ctx: ProjectionContext<Sql>) => void;

/** The runtime definition: `handlerOf(type)` is the handler of an event type (undefined: skip it). */
function compile<E extends DomainEvent, Sql, F extends SubscriptionFilter | undefined>(
  spec: ProjectionBase<Sql>,
  filter: F,
  handlerOf: (type: string) => Handle<Sql> | undefined,
): DefinedProjection<E> & { readonly filter: F } {
  return {
    name: spec.name,
    version: spec.version,
    source: spec.source,
    filter,
    open(db): ProjectionHandler {
      db.exec(spec.tables);
      const ctx = new Context(spec.prepare(db));
      let last: bigint | undefined;
      const { beforeBatch, afterBatch } = spec;
      return {
        // Another filter (a test, a shared subscription) may hand over types this projection ignores.
        apply(event) {
          const handle = handlerOf(event.type);
          if (!handle) return;
          ctx.at(event);
          last = event.position;
          handle(event.data, ctx);
        },
        beforeBatch() {
          last = undefined;
          beforeBatch?.(ctx.sql);
        },
        afterBatch: afterBatch && (() => afterBatch(ctx.sql, last)),
      };
    },
  };
}
