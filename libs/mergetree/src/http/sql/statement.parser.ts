import { syntaxError } from '../clickhouse.error';
import { parseAlter } from './alter.parser';
import { parseCreateTable } from './create-table.parser';
import { parseSelect } from './select.parser';
import { SqlCursor } from './sql.cursor';
import type { Settings, Statement, StatementBody } from './sql.ast';

const STATEMENTS = ['CREATE TABLE', 'ALTER TABLE', 'OPTIMIZE TABLE', 'SELECT', 'SET'];

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
  if (c.acceptKeywords('SELECT')) return parseSelect(c);
  if (c.acceptKeywords('SET')) return { kind: 'set', values: c.settingsList() };
  return c.fail(STATEMENTS);
}
