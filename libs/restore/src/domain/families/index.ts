export * from './materialization.restore';
export * from './segments.restore';
