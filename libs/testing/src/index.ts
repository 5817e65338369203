export * from './decider-specification';
export * from './temp-dir';
