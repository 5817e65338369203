export * from './mergetree.module';
