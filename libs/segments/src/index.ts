export * from './domain';
export * from './segments.module';
export * from './contract';
export * from './segments.family';
