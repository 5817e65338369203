export * from './catalog-partitions.projection';
export * from './catalog-partitions.reader';
export * from './catalog-tables.reader';
