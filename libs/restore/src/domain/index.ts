export * from './canonical-json';
export * from './restore.types';
export * from './restore.errors';
export * from './restore.decider';
export * from './restore.planner';
export * from './families';
