import type { EventMetadata, RecordedEvent } from '@engine/eventstore';
import type { DomainEvent } from '@engine/kernel/domain';
import type { ProjectionHandler } from '@engine/kernel/projections/projection';
import type { DefinedProjection } from '@engine/kernel/projections/define-projection';
import Database from 'better-sqlite3';

/** An event with where and when it was recorded; a bare event goes to the spec's default stream. */
export interface Recorded<E> {
  readonly event: E;
  readonly stream?: string;
  /** `metadata.occurredAt`; by default 2024-01-01T00:00:00Z plus one second per position (`recordedAt` is 500 ms later). */
  readonly time?: string;
  readonly metadata?: Partial<EventMetadata>;
}
export type GivenEvent<E> = E | Recorded<E>;

/** `event` recorded in `stream` (another tenant, table or aggregate), optionally at `time`. */
export function inStream<E>(stream: string, event: E, time?: string): Recorded<E> {
  return { event, stream, time };
}

const BASE_TIME = Date.parse('2024-01-01T00:00:00.000Z');

/** The projection's database after the batches, for assertions. */
export interface ProjectedView {
  readonly db: Database.Database;
  rows(sql: string, ...params: unknown[]): unknown[];
}

/**
 * Given/When/Then over a projection, on an in-memory database, the way the runner applies it
 * (each `given`/`when` is one batch in one transaction, with beforeBatch/afterBatch):
 *   spec.given([...events]).when([...events]).then('SELECT ...', [rows])
 *   spec.given([...events]).thenQuery((db) => new XQueries(db).list(...), expected)
 *   spec.given([...events]).when([poison]).thenThrows(/diverged/)
 * `whenRetried` applies its batch once, rolls it back as a failed batch would, then applies it
 * again: the rows must be those of one clean application.
 */
export const ProjectionSpecification = {
  for<E extends DomainEvent>(
    definition: DefinedProjection<E>,
    defaults: { stream: string; metadata?: Partial<EventMetadata> },
  ) {
    type Batch = { events: GivenEvent<E>[]; retried: boolean };
    const build = (batches: Batch[]) => {
      const run = (): ProjectedView => {
        const db = new Database(':memory:');
        const handler = definition.open(db);
        const revisions = new Map<string, bigint>();
        let position = 0n;
        const record = (given: GivenEvent<E>): RecordedEvent => {
          const {
            event,
            stream = defaults.stream,
            time,
            metadata,
          } = isRecorded(given) ? given : { event: given };
          const revision = revisions.get(stream) ?? 0n;
          revisions.set(stream, revision + 1n);
          position += 1n;
          const at = time ?? new Date(BASE_TIME + Number(position) * 1000).toISOString();
          return {
            id: `event-${position}`,
            streamName: stream,
            type: event.type,
            revision,
            position,
            data: event.data,
            metadata: {
              tenant: 'unknown',
              actor: 'spec',
              commandId: `command-${position}`,
              correlationId: `correlation-${position}`,
              causationId: `command-${position}`,
              source: 'native',
              occurredAt: at,
              ...defaults.metadata,
              ...metadata,
            },
            // Half a second after it occurred: a projection reading the wrong clock shows in its rows.
            recordedAt: new Date(Date.parse(at) + 500).toISOString(),
          };
        };
        for (const batch of batches) {
          const events = batch.events.map(record);
          if (batch.retried) failOnce(db, handler, events);
          db.transaction(() => applyBatch(handler, events))();
        }
        return { db, rows: (sql, ...params) => db.prepare(sql).all(...params) };
      };
      return {
        /** Another batch after the previous ones. */
        when(events: GivenEvent<E>[]) {
          return build([...batches, { events, retried: false }]);
        },
        /** Another batch, failed once after all its events and then applied again (a retried batch). */
        whenRetried(events: GivenEvent<E>[]) {
          return build([...batches, { events, retried: true }]);
        },
        then(sql: string, expected: unknown[], ...params: unknown[]): void {
          expect(run().rows(sql, ...params)).toEqual(expected);
        },
        thenQuery<T>(query: (db: Database.Database) => T, expected: T): void {
          expect(query(run().db)).toEqual(expected);
        },
        thenThrows(message: RegExp): void {
          expect(run).toThrow(message);
        },
        /** The database after every batch, for assertions that need more than equality. */
        view: run,
      };
    };
    return {
      given(events: GivenEvent<E>[]) {
        return build([{ events, retried: false }]);
      },
    };
  },
};

function isRecorded<E>(given: GivenEvent<E>): given is Recorded<E> {
  return typeof given === 'object' && given !== null && 'event' in given;
}

function applyBatch(handler: ProjectionHandler, events: readonly RecordedEvent[]): void {
  handler.beforeBatch?.();
  for (const event of events) handler.apply(event);
  handler.afterBatch?.();
}

class RolledBack extends Error {}

/** A batch whose transaction fails after its last event (before afterBatch), as a poison event would. */
function failOnce(db: Database.Database, handler: ProjectionHandler, events: readonly RecordedEvent[]): void {
  try {
    db.transaction(() => {
      handler.beforeBatch?.();
      for (const event of events) handler.apply(event);
      throw new RolledBack();
    })();
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
}
