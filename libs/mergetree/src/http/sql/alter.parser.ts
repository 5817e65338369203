import type { SqlCursor } from './sql.cursor';
import type { AlterAction, AlterStatement, DiskTargetAst, PartitionExpr } from './sql.ast';

const ACTIONS = [
  'DETACH',
  'DROP',
  'ATTACH',
  'FORGET',
  'REPLACE',
  'MOVE',
  'CLEAR',
  'FREEZE',
  'UNFREEZE',
  'FETCH',
  'UPDATE',
  'DELETE',
];
const STATEMENT_END = ['SETTINGS', 'FORMAT'];

/** ALTER TABLE [db.]t [ON CLUSTER c] <one partition or part action> (the seed's statements). */
export function parseAlter(cursor: SqlCursor): AlterStatement {
  const table = cursor.tableName();
  if (cursor.acceptKeywords('ON', 'CLUSTER')) cursor.identifier('cluster name');
  return { kind: 'alter', table, action: parseAction(cursor) };
}

function parseAction(c: SqlCursor): AlterAction {
  if (c.acceptKeywords('DETACH')) {
    return c.acceptKeywords('PART')
      ? { kind: 'detach-part', name: c.partName() }
      : { kind: 'detach-partition', partition: partition(c, true) };
  }
  if (c.acceptKeywords('DROP', 'DETACHED')) {
    return c.acceptKeywords('PART')
      ? { kind: 'drop-detached-part', name: c.partName() }
      : { kind: 'drop-detached-partition', partition: partition(c, true) };
  }
  if (c.acceptKeywords('DROP')) {
    return c.acceptKeywords('PART')
      ? { kind: 'drop-part', name: c.partName() }
      : { kind: 'drop-partition', partition: partition(c, true) };
  }
  if (c.acceptKeywords('ATTACH')) {
    if (c.acceptKeywords('PART')) return { kind: 'attach-part', name: c.partName() };
    const expr = partition(c, true);
    return c.acceptKeywords('FROM')
      ? { kind: 'attach-partition-from', partition: expr, from: c.tableName() }
      : { kind: 'attach-partition', partition: expr };
  }
  if (c.acceptKeywords('FORGET')) return { kind: 'forget-partition', partition: partition(c) };
  if (c.acceptKeywords('REPLACE')) {
    const expr = partition(c);
    c.expectKeywords('FROM');
    return { kind: 'replace-partition-from', partition: expr, from: c.tableName() };
  }
  if (c.acceptKeywords('MOVE')) return parseMove(c);
  if (c.acceptKeywords('CLEAR')) {
    const isIndex = c.acceptKeywords('INDEX');
    if (!isIndex) c.expectKeywords('COLUMN');
    const name = c.identifier(isIndex ? 'index name' : 'column name');
    c.expectKeywords('IN');
    const expr = partition(c);
    return isIndex
      ? { kind: 'clear-index', index: name, partition: expr }
      : { kind: 'clear-column', column: name, partition: expr };
  }
  if (c.acceptKeywords('FREEZE')) {
    const expr = c.isKeyword('PARTITION') ? partition(c) : undefined;
    return {
      kind: 'freeze',
      partition: expr,
      withName: c.acceptKeywords('WITH', 'NAME') ? c.stringLiteral('backup name') : undefined,
    };
  }
  if (c.acceptKeywords('UNFREEZE')) {
    const expr = c.isKeyword('PARTITION') ? partition(c) : undefined;
    c.expectKeywords('WITH', 'NAME');
    return { kind: 'unfreeze', partition: expr, withName: c.stringLiteral('backup name') };
  }
  if (c.acceptKeywords('FETCH')) {
    if (c.acceptKeywords('PART')) {
      const name = c.partName();
      c.expectKeywords('FROM');
      return { kind: 'fetch-part', name, from: c.stringLiteral('path in ZooKeeper') };
    }
    const expr = partition(c, true);
    c.expectKeywords('FROM');
    return { kind: 'fetch-partition', partition: expr, from: c.stringLiteral('path in ZooKeeper') };
  }
  if (c.acceptKeywords('UPDATE')) {
    const assignments: { column: string; expression: string }[] = [];
    do {
      const column = c.identifier('column name');
      c.expectPunct('=');
      assignments.push({ column, expression: c.rawUntil(['IN', 'WHERE'], [',']) });
    } while (c.acceptPunct(','));
    const expr = c.acceptKeywords('IN') ? partition(c) : undefined;
    c.expectKeywords('WHERE');
    return { kind: 'update', assignments, partition: expr, where: c.rawUntil(STATEMENT_END) };
  }
  if (c.acceptKeywords('DELETE')) {
    const expr = c.acceptKeywords('IN') ? partition(c) : undefined;
    c.expectKeywords('WHERE');
    return { kind: 'delete', partition: expr, where: c.rawUntil(STATEMENT_END) };
  }
  return c.fail(ACTIONS);
}

function parseMove(c: SqlCursor): AlterAction {
  if (c.acceptKeywords('PART')) {
    const name = c.partName();
    c.expectKeywords('TO');
    return { kind: 'move-part-to-disk', name, target: diskTarget(c) };
  }
  const expr = partition(c, true);
  c.expectKeywords('TO');
  if (c.acceptKeywords('TABLE'))
    return { kind: 'move-partition-to-table', partition: expr, to: c.tableName() };
  return { kind: 'move-partition-to-disk', partition: expr, target: diskTarget(c) };
}

function diskTarget(c: SqlCursor): DiskTargetAst {
  if (c.acceptKeywords('DISK')) return { kind: 'disk', name: c.stringLiteral('disk name') };
  if (c.acceptKeywords('VOLUME')) return { kind: 'volume', name: c.stringLiteral('volume name') };
  return c.fail(['DISK', 'VOLUME', 'TABLE']);
}

/** `PARTITION expr`; where a PART form exists too, a miss says both were possible. */
function partition(c: SqlCursor, orPart = false): PartitionExpr {
  if (!c.acceptKeywords('PARTITION')) c.fail(orPart ? ['PARTITION', 'PART'] : ['PARTITION']);
  return c.partitionExpr();
}
