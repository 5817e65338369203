export * from './catalog.restore';
export * from './materialization.restore';
export * from './segments.restore';
