export * from './domain';
export {
  materializedPartitionsProjection,
  MATERIALIZED_PARTITIONS,
} from './read-models/materialized-partitions.projection';
export * from './materialization.module';
export * from './contract';
export * from './materialization.family';
