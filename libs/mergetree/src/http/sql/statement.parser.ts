import { syntaxError } from '../clickhouse.error';
import { parseAlter } from './alter.parser';
import { parseCreateTable } from './create-table.parser';
import { parseSelect } from './select.parser';
import { SqlCursor } from './sql.cursor';
import type { ProbeStatement, Settings, Statement, StatementBody } from './sql.ast';

const STATEMENTS = [
  'CREATE TABLE',
  'ALTER TABLE',
  'OPTIMIZE TABLE',
  'SELECT',
  'SET',
  'SHOW',
  'DESCRIBE',
  'EXISTS',
];

/** Parses one statement of the ClickHouse dialect, with its trailing SETTINGS and FORMAT clauses. */
export function parseStatement(sql: string): Statement {
  const cursor = new SqlCursor(sql);
  const body = parseBody(cursor);
  let settings: Settings = {};
  let format: string | undefined;
  // CREATE's own SETTINGS (storage_policy) were taken by its parser; a second block is the query's.
  if (cursor.acceptKeywords('SETTINGS')) settings = cursor.settingsList();
  if (cursor.acceptKeywords('FORMAT')) format = cursor.identifier('format name');
  const hadSemicolon = cursor.acceptPunct(';');
  if (!cursor.atEnd()) {
    if (hadSemicolon) throw syntaxError('Syntax error (Multi-statements are not allowed)');
    cursor.fail(['end of query']);
  }
  return { ...body, settings, format };
}

function parseBody(c: SqlCursor): StatementBody {
  if (c.acceptKeywords('CREATE', 'TABLE')) return parseCreateTable(c);
  if (c.acceptKeywords('ALTER', 'TABLE')) return parseAlter(c);
  if (c.acceptKeywords('OPTIMIZE', 'TABLE')) {
    const table = c.tableName();
    if (c.acceptKeywords('ON', 'CLUSTER')) c.identifier('cluster name');
    const partition = c.acceptKeywords('PARTITION') ? c.partitionExpr() : undefined;
    const final = c.acceptKeywords('FINAL');
    c.acceptKeywords('DEDUPLICATE');
    return { kind: 'optimize', table, partition, final };
  }
  if (c.acceptKeywords('SELECT')) return isProbe(c) ? parseProbe(c) : parseSelect(c);
  if (c.acceptKeywords('SHOW', 'DATABASES')) return { kind: 'show-databases' };
  if (c.acceptKeywords('SHOW', 'TABLES')) {
    const from = c.acceptKeywords('FROM') || c.acceptKeywords('IN');
    return { kind: 'show-tables', database: from ? c.identifier('database name') : undefined };
  }
  if (c.acceptKeywords('DESCRIBE') || c.acceptKeywords('DESC')) {
    c.acceptKeywords('TABLE');
    return { kind: 'describe', table: c.tableName() };
  }
  if (c.acceptKeywords('EXISTS')) {
    if (!c.acceptKeywords('TEMPORARY', 'TABLE')) c.acceptKeywords('TABLE');
    return { kind: 'exists', table: c.tableName() };
  }
  if (c.acceptKeywords('SET')) return { kind: 'set', values: c.settingsList() };
  return c.fail(STATEMENTS);
}

/** Functions a probe may call: tools ask for them before anything else (BEHAVIOUR.md §6). */
export const PROBE_FUNCTIONS = [
  'version',
  'timezone',
  'currentdatabase',
  'currentuser',
  'hostname',
  'uptime',
];

/** A SELECT of literals or probe functions, without FROM. */
function isProbe(c: SqlCursor): boolean {
  const first = c.peek();
  if (first.kind === 'number' || first.kind === 'string') return true;
  if (first.kind === 'punct' && first.text === '-' && c.peek(1).kind === 'number') return true;
  return first.kind === 'word' && c.isPunct('(', 1) && PROBE_FUNCTIONS.includes(first.text.toLowerCase());
}

function parseProbe(c: SqlCursor): ProbeStatement {
  const items: { expr: ReturnType<SqlCursor['expression']>; name: string }[] = [];
  do {
    const start = c.peek();
    const expr = c.expression();
    const written =
      expr.kind === 'call' ? `${expr.name}()` : start.kind === 'string' ? `'${start.text}'` : exprText(expr);
    const name = c.acceptKeywords('AS') ? c.identifier('alias') : written;
    items.push({ expr, name });
  } while (c.acceptPunct(','));
  return { kind: 'probe', items };
}

function exprText(expr: ReturnType<SqlCursor['expression']>): string {
  return expr.kind === 'number' ? expr.text : expr.kind === 'null' ? 'NULL' : '';
}
