export * from './application/catalog.streams';
export * from './catalog.module';
export * from './domain';
export * from './contract';
export * from './catalog.family';
