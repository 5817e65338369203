export * from './domain';
export * from './application';
export * from './restore.module';
export * from './restore.slice';
