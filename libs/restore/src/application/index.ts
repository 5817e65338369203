export * from './restore-category';
export * from './restore.commands';
export * from './restore.handlers';
export * from './restore.registry';
