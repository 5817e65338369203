export * from './rowset-selection.policy';
export * from './tablet.commands';
export * from './tablet.decider';
export * from './tablet.errors';
export * from './tablet.events';
export * from './tablet.evolve';
export * from './tablet.snapshot';
export * from './tablet.state';
