import type { SystemColumn, SystemTableRequest } from '../read-models';
import { SYSTEM_TABLES } from '../read-models';
import { ClickHouseError } from './clickhouse.error';
import type { SelectStatement } from './sql/sql.ast';

const COUNT: SystemColumn = { name: 'count()', type: 'UInt64', sql: 'COUNT(*)' };

/** Checks a SELECT against the system tables the engine serves and resolves its columns. */
export function systemTableRequest(statement: SelectStatement, tenant: string): SystemTableRequest {
  const { database, table: name } = statement.from;
  const table = database?.toLowerCase() === 'system' ? SYSTEM_TABLES[name] : undefined;
  if (!table || !Object.prototype.hasOwnProperty.call(SYSTEM_TABLES, name)) {
    const label = database ? `${database}.${name}` : name;
    if (database?.toLowerCase() === 'system')
      throw new ClickHouseError(60, 'UNKNOWN_TABLE', `Table ${label} does not exist`);
    throw new ClickHouseError(
      48,
      'NOT_IMPLEMENTED',
      `SELECT from ${label} is not supported: the engine keeps part metadata only; read system.parts or system.detached_parts`,
    );
  }
  const column = (columnName: string): SystemColumn => {
    const found = table.columns.find((c) => c.name === columnName);
    if (!found)
      throw new ClickHouseError(
        47,
        'UNKNOWN_IDENTIFIER',
        `Missing columns: '${columnName}' while processing query`,
      );
    return found;
  };
  const counting = statement.columns.includes('count()');
  if (counting && statement.columns.length > 1) {
    const plain = statement.columns.find((c) => c !== 'count()');
    throw new ClickHouseError(
      215,
      'NOT_AN_AGGREGATE',
      `Column \`${plain}\` is not under aggregate function and not in GROUP BY`,
    );
  }
  return {
    tenant,
    table,
    columns: counting
      ? [COUNT]
      : statement.columns.length === 0
        ? table.columns
        : statement.columns.map(column),
    where: statement.where.map((c) => ({ column: column(c.column), operator: c.operator, values: c.values })),
    // An aggregate returns one row: ordering does not apply.
    orderBy: counting
      ? []
      : statement.orderBy.map((o) => ({ column: column(o.column), descending: o.descending })),
    limit: statement.limit,
  };
}
