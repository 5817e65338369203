import type {
  ClearColumnInPartition,
  ClearIndexInPartition,
  DeleteInPartition,
  MovePartitionToDisk,
  MovePartToDisk,
  PartitionSelector,
  UpdateInPartition,
} from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type {
  DiskTarget,
  MutationSpec,
  PartRecord,
  PartsMovedToDisk,
  PartsMutated,
} from './mergetree.events';
import { requireActivePart } from './detach-attach.decider';
import { byBlocks, partitionIdOfSelector, requireTable } from './mergetree.rules';
import type { ExistingTable } from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { activePartsOf, allActiveParts } from './mergetree.state';
import { formatPartName } from './part-name.value-object';
import { storagePolicy } from './storage-policy.value-object';
import { tableLabel } from './table-definition.value-object';

/**
 * Mutations (CLEAR COLUMN|INDEX, UPDATE, DELETE IN PARTITION) are recorded as lifecycle facts:
 * the mutation takes the next block number as its version and every affected part is renamed
 * with it (`{pid}_{min}_{max}_{level}_{version}`). MOVE ... TO DISK|VOLUME records the new disk.
 */

export function decideClearColumn(command: ClearColumnInPartition, state: MergeTreeState): PartsMutated[] {
  const table = requireTable(state, command.table);
  // Current ClickHouse: 10 NOT_FOUND_COLUMN_IN_BLOCK (BEHAVIOUR.md §6; 18.16 answered 44).
  if (!table.definition.columns.some((c) => c.name === command.column)) {
    throw mergeTreeError(
      'NOT_FOUND_COLUMN_IN_BLOCK',
      `Wrong column name. Cannot find column ${command.column} to clear it from partition`,
    );
  }
  return mutate(
    state,
    table,
    command.partition,
    { kind: 'ClearColumn', column: command.column },
    command.now,
  );
}

export function decideClearIndex(command: ClearIndexInPartition, state: MergeTreeState): PartsMutated[] {
  const table = requireTable(state, command.table);
  if (!table.definition.indices.includes(command.index)) {
    throw mergeTreeError('BAD_ARGUMENTS', `Cannot clear index ${command.index}: index does not exist`);
  }
  return mutate(state, table, command.partition, { kind: 'ClearIndex', index: command.index }, command.now);
}

export function decideUpdate(command: UpdateInPartition, state: MergeTreeState): PartsMutated[] {
  const table = requireTable(state, command.table);
  const keyColumns = new Set(table.definition.partitionKey.map((e) => e.column));
  for (const { column } of command.assignments) {
    requireColumn(table, column);
    if (keyColumns.has(column))
      throw mergeTreeError('CANNOT_UPDATE_COLUMN', `Cannot UPDATE key column \`${column}\``);
  }
  const mutation: MutationSpec = {
    kind: 'Update',
    assignments: [...command.assignments],
    where: command.where,
  };
  return mutate(state, table, command.partition, mutation, command.now);
}

export function decideDelete(command: DeleteInPartition, state: MergeTreeState): PartsMutated[] {
  const table = requireTable(state, command.table);
  return mutate(state, table, command.partition, { kind: 'Delete', where: command.where }, command.now);
}

function requireColumn(table: ExistingTable, column: string): void {
  if (!table.definition.columns.some((c) => c.name === column)) {
    throw mergeTreeError(
      'NO_SUCH_COLUMN_IN_TABLE',
      `There is no column ${column} in table ${tableLabel(table.table)}`,
    );
  }
}

function mutate(
  state: MergeTreeState,
  table: ExistingTable,
  selector: PartitionSelector | undefined,
  mutation: MutationSpec,
  now: string,
): PartsMutated[] {
  const parts = (
    selector ? activePartsOf(state, partitionIdOfSelector(table.definition, selector)) : allActiveParts(state)
  ).sort(byBlocks);
  const version = state.nextBlock;
  const rewritten = parts.map((part) => {
    const info = { ...part, mutation: version };
    return { fromName: part.name, part: { ...info, name: formatPartName(info), modifiedAt: now } };
  });
  return [{ type: 'PartsMutated', data: { mutation, version, parts: rewritten } }];
}

export function decideMovePartitionToDisk(
  command: MovePartitionToDisk,
  state: MergeTreeState,
): PartsMovedToDisk[] {
  const table = requireTable(state, command.table);
  const partitionId = partitionIdOfSelector(table.definition, command.partition);
  const parts = activePartsOf(state, partitionId).sort(byBlocks);
  if (parts.length === 0)
    throw mergeTreeError('NO_SUCH_DATA_PART', 'Nothing to move (check that the partition exists).');
  return moveToDisk(table, parts, command.target, `All parts of partition '${partitionId}' are`);
}

export function decideMovePartToDisk(command: MovePartToDisk, state: MergeTreeState): PartsMovedToDisk[] {
  const table = requireTable(state, command.table);
  const part = requireActivePart(state, command.name);
  return moveToDisk(table, [part], command.target, `Part '${part.name}' is`);
}

function moveToDisk(
  table: ExistingTable,
  parts: PartRecord[],
  target: DiskTarget,
  what: string,
): PartsMovedToDisk[] {
  const policyName = table.definition.storagePolicy;
  const volumes = storagePolicy(policyName)?.volumes ?? {};
  const disks =
    target.kind === 'volume'
      ? Object.prototype.hasOwnProperty.call(volumes, target.name)
        ? volumes[target.name]
        : undefined
      : Object.values(volumes).some((v) => v.includes(target.name))
        ? [target.name]
        : undefined;
  if (!disks) {
    throw mergeTreeError(
      'UNKNOWN_DISK',
      `${target.kind === 'disk' ? 'Disk' : 'Volume'} ${target.name} does not exist in storage policy ${policyName}`,
    );
  }
  const moving = parts.filter((p) => !disks.includes(p.disk));
  if (moving.length === 0)
    throw mergeTreeError('UNKNOWN_DISK', `${what} already on ${target.kind} '${target.name}'`);
  return [{ type: 'PartsMovedToDisk', data: { target, disk: disks[0], names: moving.map((p) => p.name) } }];
}
