export * from './segments.restore';
