export * from './event-store.port';
export * from './stream-name';
export * from './sqlite/sqlite-event-store';
export { EventStoreDbEventStore } from './esdb/eventstoredb-event-store';
export { EventStoreAccessDeniedError } from './esdb/esdb-errors';
export * from './create-event-store';
export * from './event-store.module';
