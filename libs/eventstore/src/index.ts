export * from './event-store.port';
export * from './stream-name';
export * from './sqlite/sqlite-event-store';
export { EventStoreDbEventStore } from './esdb/eventstoredb-event-store';
export * from './create-event-store';
export * from './event-store.module';
