export * from './event-store.port';
export * from './stream-name';
export * from './sqlite/sqlite-event-store';
export * from './create-event-store';
export * from './event-store.module';
