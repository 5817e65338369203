export * from './segments.module';
