export * from './compaction.module';
export * from './domain';
export { compactionStatusProjection, COMPACTION_STATUS } from './read-models/compaction-status.projection';
export * from './contract';
export * from './compaction.family';
