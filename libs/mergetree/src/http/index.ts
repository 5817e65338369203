export * from './clickhouse.error';
export * from './clickhouse-error.mapper';
export * from './clickhouse-exception.filter';
export * from './clickhouse-http.controller';
export * from './clickhouse-session.store';
export * from './native-mergetree.controller';
export * from './sql/statement.parser';
