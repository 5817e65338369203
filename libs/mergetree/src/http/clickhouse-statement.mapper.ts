import { assertNever } from '@engine/kernel/domain';
import type { MergeTreeCommand, PartitionSelector, TableRef } from '../domain';
import type { SourcedCommand } from '../application';
import { ClickHouseError } from './clickhouse.error';
import type { AlterStatement, CreateTableStatement, OptimizeStatement, TableName } from './sql/sql.ast';
import { partitionKeyOf, partitionSelector } from './sql/partition-expression.evaluator';

/** What a mutating statement asks the application to do. */
export type Mutation =
  | { readonly kind: 'table'; readonly command: MergeTreeCommand }
  | { readonly kind: 'copy'; readonly command: SourcedCommand; readonly source: TableRef }
  | {
      readonly kind: 'move';
      readonly source: TableRef;
      readonly destination: TableRef;
      readonly partition: PartitionSelector;
    };

export interface StatementContext {
  /** `?database=` / X-ClickHouse-Database, else `default`. */
  readonly database: string;
  readonly now: string;
  readonly allowDropDetached: boolean;
}

export function tableRef(name: TableName, context: StatementContext): TableRef {
  return { database: name.database ?? context.database, table: name.table };
}

export function createTableMutation(statement: CreateTableStatement, context: StatementContext): Mutation {
  if (!statement.engine.endsWith('MergeTree')) {
    throw new ClickHouseError(
      36,
      'BAD_ARGUMENTS',
      `Engine ${statement.engine} is not supported: the engine keeps MergeTree family tables`,
    );
  }
  const orderBy = statement.orderBy ?? statement.primaryKey;
  if (orderBy === undefined) {
    throw new ClickHouseError(
      42,
      'NUMBER_OF_ARGUMENTS_DOESNT_MATCH',
      'ORDER BY or PRIMARY KEY clause is missing',
    );
  }
  const policy = statement.tableSettings.storage_policy;
  return {
    kind: 'table',
    command: {
      type: 'CreateTable',
      table: tableRef(statement.table, context),
      now: context.now,
      ifNotExists: statement.ifNotExists,
      definition: {
        engine: statement.engine,
        columns: statement.columns,
        indices: statement.indices,
        partitionKey: partitionKeyOf(statement.partitionBy),
        orderBy,
        primaryKey: statement.primaryKey ?? orderBy,
        storagePolicy: policy === undefined ? 'default' : String(policy),
      },
    },
  };
}

export function optimizeMutation(statement: OptimizeStatement, context: StatementContext): Mutation {
  const partition = statement.partition ? partitionSelector(statement.partition) : undefined;
  return {
    kind: 'table',
    command: {
      type: 'MergeParts',
      table: tableRef(statement.table, context),
      now: context.now,
      partition,
      final: statement.final,
    },
  };
}

/** FETCH's ZooKeeper path names the table to copy from by its last component (`db.table` or `table`). */
function tableOfPath(path: string, context: StatementContext): TableRef {
  const last = path.split('/').filter(Boolean).pop() ?? '';
  const dot = last.indexOf('.');
  return dot < 0
    ? { database: context.database, table: last }
    : { database: last.slice(0, dot), table: last.slice(dot + 1) };
}

export function alterMutation(statement: AlterStatement, context: StatementContext): Mutation {
  const base = { table: tableRef(statement.table, context), now: context.now };
  const table = (command: MergeTreeCommand): Mutation => ({ kind: 'table', command });
  const { action } = statement;
  const selector = (expr = 'partition' in action ? action.partition : undefined) =>
    expr ? partitionSelector(expr) : undefined;
  switch (action.kind) {
    case 'detach-partition':
      return table({ ...base, type: 'DetachPartition', partition: partitionSelector(action.partition) });
    case 'detach-part':
      return table({ ...base, type: 'DetachPart', name: action.name });
    case 'attach-partition':
      return table({ ...base, type: 'AttachPartition', partition: partitionSelector(action.partition) });
    case 'attach-part':
      return table({ ...base, type: 'AttachPart', name: action.name });
    case 'drop-partition':
      return table({ ...base, type: 'DropPartition', partition: partitionSelector(action.partition) });
    case 'drop-part':
      return table({ ...base, type: 'DropPart', name: action.name });
    case 'drop-detached-partition':
      return table({
        ...base,
        type: 'DropDetachedPartition',
        partition: partitionSelector(action.partition),
        allowDropDetached: context.allowDropDetached,
      });
    case 'drop-detached-part':
      return table({
        ...base,
        type: 'DropDetachedPart',
        name: action.name,
        allowDropDetached: context.allowDropDetached,
      });
    case 'forget-partition':
      return table({ ...base, type: 'ForgetPartition', partition: partitionSelector(action.partition) });
    case 'attach-partition-from':
    case 'replace-partition-from': {
      const type = action.kind === 'attach-partition-from' ? 'AttachPartitionFrom' : 'ReplacePartitionFrom';
      return {
        kind: 'copy',
        command: { ...base, type, partition: partitionSelector(action.partition) },
        source: tableRef(action.from, context),
      };
    }
    case 'move-partition-to-table':
      return {
        kind: 'move',
        source: base.table,
        destination: tableRef(action.to, context),
        partition: partitionSelector(action.partition),
      };
    case 'move-partition-to-disk':
      return table({
        ...base,
        type: 'MovePartitionToDisk',
        partition: partitionSelector(action.partition),
        target: action.target,
      });
    case 'move-part-to-disk':
      return table({ ...base, type: 'MovePartToDisk', name: action.name, target: action.target });
    case 'clear-column':
      return table({
        ...base,
        type: 'ClearColumnInPartition',
        column: action.column,
        partition: partitionSelector(action.partition),
      });
    case 'clear-index':
      return table({
        ...base,
        type: 'ClearIndexInPartition',
        index: action.index,
        partition: partitionSelector(action.partition),
      });
    case 'freeze':
      return table({ ...base, type: 'FreezePartition', partition: selector(), withName: action.withName });
    case 'unfreeze':
      return table({ ...base, type: 'UnfreezePartition', partition: selector(), withName: action.withName });
    case 'fetch-partition':
      return {
        kind: 'copy',
        command: {
          ...base,
          type: 'FetchPartition',
          partition: partitionSelector(action.partition),
          from: action.from,
        },
        source: tableOfPath(action.from, context),
      };
    case 'fetch-part':
      return {
        kind: 'copy',
        command: { ...base, type: 'FetchPart', name: action.name, from: action.from },
        source: tableOfPath(action.from, context),
      };
    case 'update':
      return table({
        ...base,
        type: 'UpdateInPartition',
        assignments: action.assignments,
        where: action.where,
        partition: selector(),
      });
    case 'delete':
      return table({ ...base, type: 'DeleteInPartition', where: action.where, partition: selector() });
    default:
      return assertNever(action);
  }
}
