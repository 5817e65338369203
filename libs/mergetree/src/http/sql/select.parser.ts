import { ClickHouseError } from '../clickhouse.error';
import type { SqlCursor } from './sql.cursor';
import type { Condition, SelectStatement } from './sql.ast';

/**
 * SELECT * | col, ... FROM [db.]t [WHERE col = v AND col IN (...) ...] [ORDER BY col [ASC|DESC], ...] [LIMIT n]
 * The subset needed to read system.parts and system.detached_parts.
 */
export function parseSelect(c: SqlCursor): SelectStatement {
  const columns: string[] = [];
  if (!c.acceptPunct('*')) {
    do columns.push(column(c));
    while (c.acceptPunct(','));
  }
  c.expectKeywords('FROM');
  const from = c.tableName();
  const where: Condition[] = [];
  if (c.acceptKeywords('WHERE')) {
    do where.push(condition(c));
    while (c.acceptKeywords('AND'));
  }
  const orderBy: { column: string; descending: boolean }[] = [];
  if (c.acceptKeywords('ORDER', 'BY')) {
    do {
      const column = c.identifier('column name');
      const descending = c.acceptKeywords('DESC');
      if (!descending) c.acceptKeywords('ASC');
      orderBy.push({ column, descending });
    } while (c.acceptPunct(','));
  }
  let limit: number | undefined;
  if (c.acceptKeywords('LIMIT')) {
    const token = c.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) c.fail(['number']);
    limit = limitValue(token.text);
  }
  return { kind: 'select', columns, from, where, orderBy, limit };
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * ClickHouse's ParserNumber keeps a literal strtoull cannot hold (ERANGE) as Float64
 * (src/Parsers/ExpressionElementParsers.cpp), and getLimitUIntValue then refuses a value not
 * representable as UInt64 with INVALID_LIMIT_EXPRESSION, code 440
 * (src/Interpreters/InterpreterSelectQuery.cpp). ClickHouse sends that with HTTP 500, as 440 has
 * no entry in src/Server/HTTP/exceptionCodeToHTTPStatus.cpp (Debian's 18.16 server answers
 * `Code: 170 ... Bad get: has Float64, requested UInt64`, also a 500); a client mistake is a 400
 * here. Any UInt64 is a valid limit; beyond 2^53 every row is returned anyway, so the read model
 * is asked for at most MAX_SAFE_INTEGER.
 */
function limitValue(text: string): number {
  if (BigInt(text) > UINT64_MAX) {
    const asFloat64 = Number(text).toString().replace('e+', 'e');
    throw new ClickHouseError(
      440,
      'INVALID_LIMIT_EXPRESSION',
      `The value ${asFloat64} of LIMIT expression is not representable as UInt64`,
    );
  }
  return Math.min(Number(text), Number.MAX_SAFE_INTEGER);
}

/** A column name, or `count()` (the one aggregate the system tables answer). */
function column(c: SqlCursor): string {
  const name = c.identifier('column name');
  if (!c.isPunct('(')) return name;
  if (name.toLowerCase() !== 'count') c.fail(["','", 'FROM']);
  c.expectPunct('(');
  c.acceptPunct('*');
  c.expectPunct(')');
  return 'count()';
}

function condition(c: SqlCursor): Condition {
  const column = c.identifier('column name');
  if (c.acceptPunct('=') || c.acceptPunct('==')) return { column, operator: '=', values: [value(c)] };
  if (c.acceptPunct('!=') || c.acceptPunct('<>')) return { column, operator: '!=', values: [value(c)] };
  const negated = c.acceptKeywords('NOT');
  if (c.acceptKeywords('IN'))
    return { column, operator: negated ? 'not in' : 'in', values: c.list(() => value(c)) };
  return c.fail(["'='", "'!='", 'IN', 'NOT IN']);
}

function value(c: SqlCursor): string | number | null {
  const expr = c.expression();
  if (expr.kind === 'string') return expr.value;
  if (expr.kind === 'number') return Number(expr.text);
  if (expr.kind === 'null') return null;
  if (expr.kind === 'identifier' && /^(true|false)$/i.test(expr.name))
    return expr.name.toLowerCase() === 'true' ? 1 : 0;
  return c.fail(['literal']);
}
