import type { SqlCursor } from './sql.cursor';
import type { ColumnAst, CreateTableStatement, Expr, Settings } from './sql.ast';

const TABLE_CLAUSES = ['PARTITION', 'ORDER', 'PRIMARY', 'SAMPLE', 'TTL', 'SETTINGS', 'COMMENT', 'FORMAT'];
const COLUMN_MODIFIERS = [
  'DEFAULT',
  'MATERIALIZED',
  'ALIAS',
  'EPHEMERAL',
  'CODEC',
  'TTL',
  'COMMENT',
  'NULL',
  'NOT',
  'PRIMARY',
  'STATISTICS',
  'SETTINGS',
];

/**
 * CREATE TABLE [IF NOT EXISTS] [db.]t [ON CLUSTER c] (columns, INDEX ...) ENGINE = X[(args)]
 * [PARTITION BY expr] [ORDER BY expr] [PRIMARY KEY expr] [SAMPLE BY expr] [TTL ...] [SETTINGS ...]
 * The cursor stands after CREATE TABLE. A trailing SETTINGS belongs to the table (MergeTree settings).
 */
export function parseCreateTable(cursor: SqlCursor): CreateTableStatement {
  const ifNotExists = cursor.acceptKeywords('IF', 'NOT', 'EXISTS');
  const table = cursor.tableName();
  if (cursor.acceptKeywords('ON', 'CLUSTER')) cursor.identifier('cluster name');
  const columns: ColumnAst[] = [];
  const indices: string[] = [];
  cursor.list(() => {
    if (cursor.acceptKeywords('INDEX')) {
      indices.push(cursor.identifier('index name'));
      cursor.rawUntil([], [',']);
    } else if (cursor.acceptKeywords('PROJECTION') || cursor.acceptKeywords('CONSTRAINT')) {
      cursor.rawUntil([], [',']);
    } else {
      const name = cursor.identifier('column name');
      columns.push({ name, type: cursor.rawUntil(COLUMN_MODIFIERS, [',']) });
      if (!cursor.isPunct(',') && !cursor.isPunct(')')) cursor.rawUntil([], [',']);
    }
  });
  cursor.expectKeywords('ENGINE');
  cursor.acceptPunct('=');
  const engine = cursor.identifier('engine name');
  if (cursor.isPunct('(')) cursor.list(() => cursor.expression());
  let partitionBy: Expr | undefined;
  let orderBy: string | undefined;
  let primaryKey: string | undefined;
  let tableSettings: Settings = {};
  for (;;) {
    if (cursor.acceptKeywords('PARTITION', 'BY')) partitionBy = cursor.expression();
    else if (cursor.acceptKeywords('ORDER', 'BY')) orderBy = cursor.rawUntil(TABLE_CLAUSES);
    else if (cursor.acceptKeywords('PRIMARY', 'KEY')) primaryKey = cursor.rawUntil(TABLE_CLAUSES);
    else if (cursor.acceptKeywords('SAMPLE', 'BY') || cursor.acceptKeywords('TTL'))
      cursor.rawUntil(TABLE_CLAUSES);
    else if (cursor.acceptKeywords('COMMENT')) cursor.stringLiteral();
    else if (cursor.acceptKeywords('SETTINGS')) tableSettings = cursor.settingsList();
    else break;
  }
  return {
    kind: 'create',
    ifNotExists,
    table,
    columns,
    indices,
    engine,
    partitionBy,
    orderBy,
    primaryKey,
    tableSettings,
  };
}
