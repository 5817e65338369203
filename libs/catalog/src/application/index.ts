export * from './batch-create-partitions.command-handler';
export * from './batch-delete-partitions.command-handler';
export * from './catalog.streams';
export * from './create-catalog.command-handler';
export * from './create-database.command-handler';
export * from './create-table.command-handler';
export * from './list-partitions.query-handler';
export * from './browse-catalog.query-handlers';
