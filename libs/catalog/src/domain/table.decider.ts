import { assertNever, Decider, jsonLength } from '@engine/kernel/domain';
import { CatalogError, invalidParameter } from './catalog.errors';
import { CatalogName, checkText, DatabaseName, TableName } from './names.value-object';
import { batchTimestampNormaliser } from './timestamp.value-object';
import { Partition, partitionKey, TABLE_TYPES } from './partition.model';
import {
  checkColumn,
  checkPartition,
  checkStorageDescriptor,
  MAX_PARTITION_JSON_LENGTH,
} from './storage-descriptor.value-object';
import {
  BatchCreatePartitions,
  CreateTable,
  DeletePartitions,
  PartitionsCreated,
  TableCommand,
  TableEvent,
  TableInfo,
} from './table.events';

/** Partitions per batch-create or batch-delete call (choice, as AWS Glue). */
export const MAX_PARTITIONS_PER_BATCH = 100;

/** One table; the partitions are kept as key -> id only, since decisions need nothing more. */
export interface TableState {
  readonly table?: TableInfo;
  readonly partitions: Map<string, string>;
}

function requireTable(state: TableState): TableInfo {
  if (!state.table) throw new CatalogError('TABLE_NOT_FOUND', 'The table does not exist.');
  return state.table;
}

function checkBatchSize(count: number, field: string): void {
  if (count < 1) throw invalidParameter(field, `must contain 1 to ${MAX_PARTITIONS_PER_BATCH} partitions`);
  if (count > MAX_PARTITIONS_PER_BATCH) {
    throw new CatalogError(
      'BATCH_TOO_LARGE',
      `At most ${MAX_PARTITIONS_PER_BATCH} partitions can be handled in one call, got ${count}.`,
      { count, max: MAX_PARTITIONS_PER_BATCH },
    );
  }
}

function checkValues(table: TableInfo, values: readonly string[], field: string): void {
  if (table.partitionKeys.length === 0) {
    throw new CatalogError('TABLE_NOT_PARTITIONED', `Table ${table.tableName} has no partition keys.`);
  }
  if (values.length !== table.partitionKeys.length) {
    throw new CatalogError(
      'PARTITION_VALUES_MISMATCH',
      `${field} has ${values.length} values but table ${table.tableName} has ${table.partitionKeys.length} partition keys.`,
      { field, expected: table.partitionKeys.length, actual: values.length },
    );
  }
}

function createTable(command: CreateTable, state: TableState): TableEvent[] {
  const { table } = command;
  CatalogName.check(table.catalogName);
  DatabaseName.check(table.databaseName);
  TableName.check(table.tableName);
  if (!TABLE_TYPES.includes(table.tableType)) {
    throw invalidParameter('table_type', `must be one of ${TABLE_TYPES.join(', ')}`);
  }
  checkText(table.description, 'description');
  table.partitionKeys.forEach((c, i) => checkColumn(c, `partition_keys[${i}]`));
  checkStorageDescriptor(table.storage, 'storage_descriptor');
  // Hive refuses a name used twice, including a partition key that is also a data column.
  const names = [...table.partitionKeys, ...table.storage.columns].map((c) => c.name.toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw invalidParameter('partition_keys', `column ${repeated} is defined twice`);
  if (state.table) {
    throw new CatalogError('TABLE_ALREADY_EXISTS', `Table ${table.tableName} already exists.`, {
      tableName: table.tableName,
    });
  }
  return [{ type: 'TableCreated', data: { schemaVersion: 1, ...table, createdAt: command.now } }];
}

function batchCreate(command: BatchCreatePartitions, state: TableState): TableEvent[] {
  const table = requireTable(state);
  checkBatchSize(command.partitions.length, 'partitions');
  // Every input is validated before anything is compared with the table: a bad batch stores nothing.
  const normalise = batchTimestampNormaliser();
  const checked = command.partitions.map((p, i): Partition => {
    checkValues(table, p.values, `partitions[${i}].partition_values`);
    const partition = checkPartition(p, `partitions[${i}]`, normalise);
    const size = jsonLength(partition);
    if (size > MAX_PARTITION_JSON_LENGTH) {
      throw invalidParameter(
        `partitions[${i}]`,
        `must be at most ${MAX_PARTITION_JSON_LENGTH} characters of JSON`,
      );
    }
    return partition;
  });
  const seen = new Set<string>();
  const created = checked.filter((partition, i) => {
    const key = partitionKey(partition.values);
    const exists = state.partitions.has(key) || seen.has(key);
    if (exists && !command.ifNotExist) {
      throw new CatalogError('PARTITION_ALREADY_EXISTS', `Partition ${key} already exists.`, {
        field: `partitions[${i}].partition_values`,
        values: partition.values,
      });
    }
    seen.add(key);
    return !exists;
  });
  // One event for the batch, however large (a store with a size limit cuts it itself).
  if (created.length === 0) return [];
  const event: PartitionsCreated = {
    type: 'PartitionsCreated',
    data: { schemaVersion: 1, tableId: table.tableId, partitions: created },
  };
  return [event];
}

function deletePartitions(command: DeletePartitions, state: TableState): TableEvent[] {
  const table = requireTable(state);
  checkBatchSize(command.partitionValues.length, 'partition_values_list');
  const deleted = new Map<string, { partitionId: string; values: string[] }>();
  command.partitionValues.forEach((values, i) => {
    checkValues(table, values, `partition_values_list[${i}]`);
    const key = partitionKey(values);
    const partitionId = state.partitions.get(key);
    if (partitionId === undefined) {
      throw new CatalogError('PARTITION_NOT_FOUND', `Partition ${key} does not exist.`, { values });
    }
    deleted.set(key, { partitionId, values: [...values] });
  });
  return [
    {
      type: 'PartitionsDeleted',
      data: { schemaVersion: 1, tableId: table.tableId, partitions: [...deleted.values()] },
    },
  ];
}

function evolve(state: TableState, event: TableEvent): TableState {
  switch (event.type) {
    case 'TableCreated': {
      const { schemaVersion: _, ...table } = event.data;
      return { table, partitions: state.partitions };
    }
    // The partition map is updated in place: a table may hold 100,000s of partitions.
    case 'PartitionsCreated':
      for (const p of event.data.partitions) state.partitions.set(partitionKey(p.values), p.partitionId);
      return state;
    case 'PartitionsDeleted':
      for (const p of event.data.partitions) state.partitions.delete(partitionKey(p.values));
      return state;
    default:
      return assertNever(event);
  }
}

export const tableDecider: Decider<TableState, TableCommand, TableEvent> = {
  initialState: () => ({ partitions: new Map() }),
  decide(command, state) {
    switch (command.type) {
      case 'CreateTable':
        return createTable(command, state);
      case 'BatchCreatePartitions':
        return batchCreate(command, state);
      case 'DeletePartitions':
        return deletePartitions(command, state);
      default:
        return assertNever(command);
    }
  },
  evolve,
};
