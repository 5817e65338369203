export * from './materialization.module';
