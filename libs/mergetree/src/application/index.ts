export * from './copy-from-table.command-handler';
export * from './mergetree.queries';
export * from './mergetree.query-handlers';
export * from './table.streams';
export * from './move-partition-to-table.command-handler';
export * from './partition-move.process';
export * from './run-table.command-handler';
