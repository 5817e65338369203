export * from './mergetree.module';
export * from './domain';
