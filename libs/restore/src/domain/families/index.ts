export * from './catalog.restore';
export * from './compaction.restore';
export * from './materialization.restore';
export * from './mergetree.restore';
export * from './segments.restore';
