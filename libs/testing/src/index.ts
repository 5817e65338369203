export * from './decider-specification';
export * from './temp-dir';
export * from './projection-specification';
