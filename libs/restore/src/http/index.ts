export * from './restore.controller';
export * from './restore-request.dto';
