export * from './decider-specification';
export * from './temp-dir';
export * from './projection-specification';
export * from './event-metadata.fixture';
export * from './decide-all';
