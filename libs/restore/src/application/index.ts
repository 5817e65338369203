export * from './restore-category';
export * from './plan-restore.query-handler';
export * from './restore-aggregate.command-handler';
export * from './restore.registry';
