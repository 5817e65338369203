export * from './domain';
export * from './segments.module';
