export * from './compaction.module';
