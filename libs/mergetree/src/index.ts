export * from './mergetree.module';
export * from './domain';
export * from './contract';
export * from './mergetree.family';
