import { ClickHouseError } from './clickhouse.error';
import type { OutputColumn } from './clickhouse-output.formatter';
import type { Expr, ProbeStatement } from './sql/sql.ast';

/**
 * The ClickHouse release whose behaviour the engine follows, as `SELECT version()` reports it
 * (clients such as the JDBC driver read it to pick features).
 */
export const CLICKHOUSE_VERSION = '24.8.1.1';

export interface ProbeAnswer {
  readonly columns: OutputColumn[];
  readonly row: unknown[];
}

/** `SELECT 1`, `SELECT version()`, `SELECT timezone()`, ...: one row, typed as ClickHouse types it. */
export function answerProbe(
  statement: ProbeStatement,
  context: { database: string; now: Date },
): ProbeAnswer {
  const columns: OutputColumn[] = [];
  const row: unknown[] = [];
  for (const { expr, name } of statement.items) {
    const [type, value] = evaluate(expr, context);
    columns.push({ name, type });
    row.push(value);
  }
  return { columns, row };
}

function evaluate(expr: Expr, context: { database: string; now: Date }): [string, unknown] {
  switch (expr.kind) {
    case 'number':
      return [numberType(expr.text), Number(expr.text)];
    case 'string':
      return ['String', expr.value];
    case 'null':
      return ['Nullable(Nothing)', null];
    case 'call':
      switch (expr.name.toLowerCase()) {
        case 'version':
          return ['String', CLICKHOUSE_VERSION];
        case 'timezone':
          return ['String', 'UTC'];
        case 'currentdatabase':
          return ['String', context.database];
        case 'currentuser':
          return ['String', 'default'];
        case 'hostname':
          return ['String', 'partition-lifecycle-engine'];
        case 'uptime':
          return ['UInt32', 0];
      }
      break;
    default:
      break;
  }
  throw new ClickHouseError(
    46,
    'UNKNOWN_FUNCTION',
    'Only literals and version(), timezone(), currentDatabase(), currentUser(), hostName(), uptime() can be selected without FROM',
  );
}

/** The smallest type ClickHouse gives a numeric literal (UInt8 for 1, Int16 for -200, Float64 for 1.5). */
function numberType(text: string): string {
  if (!/^-?\d+$/.test(text)) return 'Float64';
  const value = BigInt(text);
  const widths = [8, 16, 32, 64];
  if (value >= 0n) return `UInt${widths.find((w) => value < 1n << BigInt(w)) ?? 64}`;
  return `Int${widths.find((w) => value >= -(1n << BigInt(w - 1))) ?? 64}`;
}
