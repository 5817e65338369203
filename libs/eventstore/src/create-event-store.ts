import * as path from 'node:path';
import { EventStoreDbEventStore } from './esdb/eventstoredb-event-store';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreOptions {
  dataDir: string;
  /** When set, EventStoreDB is used instead of the embedded SQLite store. */
  connectionString?: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/** The one place that picks the adapter, so the rest of the engine only sees the port. */
export function createEventStore(options: EventStoreOptions): EventStore {
  if (options.connectionString) return new EventStoreDbEventStore(options.connectionString);
  return new SqliteEventStore({
    file: path.join(options.dataDir, 'events.sqlite'),
    synchronous: options.sqliteSynchronous ?? 'FULL',
  });
}
