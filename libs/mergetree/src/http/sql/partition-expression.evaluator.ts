import type { Literal, PartitionKeyElement, PartitionSelector } from '../../domain';
import { daysOf, quote } from '../../domain';
import { ClickHouseError } from '../clickhouse.error';
import type { Expr, PartitionExpr } from './sql.ast';

/**
 * Folds a partition expression to constants: `'2020-11-21'`, `201901`, `tuple(...)`, and the
 * date functions a partition key may use (`toYYYYMM(toDate('2019-01-25'))` -> 201901).
 */
export function partitionSelector(expr: PartitionExpr): PartitionSelector {
  switch (expr.kind) {
    case 'all':
      return { kind: 'all' };
    case 'id':
      return { kind: 'id', id: expr.id };
    case 'value':
      return {
        kind: 'value',
        values: expr.expr.kind === 'tuple' ? expr.expr.items.map(constant) : [constant(expr.expr)],
      };
  }
}

export function constant(expr: Expr): Literal {
  switch (expr.kind) {
    case 'number':
      return /^-?\d+$/.test(expr.text)
        ? { kind: 'int', value: expr.text.replace(/^-0+$/, '0') }
        : { kind: 'float', value: Number(expr.text) };
    case 'string':
      return { kind: 'string', value: expr.value };
    case 'null':
      return { kind: 'null' };
    case 'identifier':
      throw new ClickHouseError(
        47,
        'UNKNOWN_IDENTIFIER',
        `Missing columns: '${expr.name}': a partition expression must be a constant`,
      );
    case 'tuple':
      throw new ClickHouseError(
        248,
        'INVALID_PARTITION_VALUE',
        'A tuple inside a partition tuple is not a partition value',
      );
    case 'call':
      return call(expr.name, expr.args.map(constant));
  }
}

function call(name: string, args: Literal[]): Literal {
  const fn = name.toLowerCase();
  if (args.length !== 1) {
    throw new ClickHouseError(
      42,
      'NUMBER_OF_ARGUMENTS_DOESNT_MATCH',
      `Number of arguments for function ${name} doesn't match: passed ${args.length}, should be 1`,
    );
  }
  const [arg] = args;
  const text =
    arg.kind === 'string' || arg.kind === 'date' ? arg.value : arg.kind === 'int' ? arg.value : undefined;
  if (fn === 'todate') return { kind: 'date', value: dateOf(name, arg) };
  if (fn === 'toyyyymm') return { kind: 'int', value: dateOf(name, arg).slice(0, 7).replace('-', '') };
  if (fn === 'toyyyymmdd') return { kind: 'int', value: dateOf(name, arg).replace(/-/g, '') };
  if (fn === 'todatetime' || fn === 'tostring') {
    if (text === undefined) throw illegalArgument(name, arg);
    return { kind: 'string', value: text };
  }
  if (/^tou?int(8|16|32|64|128|256)$/.test(fn)) {
    if (text === undefined || !/^-?\d+$/.test(text)) throw illegalArgument(name, arg);
    return { kind: 'int', value: text };
  }
  throw new ClickHouseError(46, 'UNKNOWN_FUNCTION', `Unknown function ${name} in a partition expression`);
}

/** 'YYYY-MM-DD' from a date, a date string or the date part of a DateTime string. */
function dateOf(name: string, arg: Literal): string {
  const text = arg.kind === 'string' || arg.kind === 'date' ? arg.value.slice(0, 10) : '';
  if (daysOf(text) === undefined) {
    if (arg.kind === 'string')
      throw new ClickHouseError(
        38,
        'CANNOT_PARSE_DATE',
        `Cannot parse date '${arg.value}' in function ${name}`,
      );
    throw illegalArgument(name, arg);
  }
  return text;
}

function illegalArgument(name: string, arg: Literal): ClickHouseError {
  return new ClickHouseError(
    43,
    'ILLEGAL_TYPE_OF_ARGUMENT',
    `Illegal type ${arg.kind} of argument of function ${name}`,
  );
}

/** PARTITION BY: a column, a function of a column, or a tuple of those (tuple() = none). */
export function partitionKeyOf(expr: Expr | undefined): Omit<PartitionKeyElement, 'type'>[] {
  if (!expr) return [];
  return expr.kind === 'tuple' ? expr.items.map(keyElement) : [keyElement(expr)];
}

function keyElement(expr: Expr): Omit<PartitionKeyElement, 'type'> {
  if (expr.kind === 'identifier') return { function: 'identity', column: expr.name };
  if (expr.kind === 'call' && expr.args.length >= 1 && expr.args[0].kind === 'identifier') {
    const element = { function: expr.name, column: expr.args[0].name };
    return expr.args.length === 1 ? element : { ...element, expression: render(expr) };
  }
  throw new ClickHouseError(
    36,
    'BAD_ARGUMENTS',
    'Unsupported partition key expression: use a column, a function of a column, or a tuple of them',
  );
}

/** An expression as ClickHouse formats it (`intDiv(n, 10)`). */
function render(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return expr.text;
    case 'string':
      return quote(expr.value);
    case 'null':
      return 'NULL';
    case 'identifier':
      return expr.name;
    case 'tuple':
      return `(${expr.items.map(render).join(', ')})`;
    case 'call':
      return `${expr.name}(${expr.args.map(render).join(', ')})`;
  }
}
