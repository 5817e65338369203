import type { PartitionSelector } from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type { PartRecord } from './mergetree.events';
import type { MergeTreeState } from './mergetree.state';
import { formatPartName, isValidPartitionId } from './part-name.value-object';
import { resolvePartition } from './partition-value.value-object';
import { firstDisk, storagePolicy } from './storage-policy.value-object';
import type { TableDefinition, TableRef } from './table-definition.value-object';
import { engineFamily, tableLabel } from './table-definition.value-object';

/** Rules shared by the operation deciders. */

export interface ExistingTable {
  readonly table: TableRef;
  readonly definition: TableDefinition;
}

export function requireTable(state: MergeTreeState, requested: TableRef): ExistingTable {
  if (!state.table || !state.definition) {
    throw mergeTreeError('UNKNOWN_TABLE', `Table ${tableLabel(requested)} does not exist`, {
      table: tableLabel(requested),
    });
  }
  return { table: state.table, definition: state.definition };
}

/** The partition ID a selector names; ALL is refused here (callers that accept it handle it first). */
export function partitionIdOfSelector(definition: TableDefinition, selector: PartitionSelector): string {
  switch (selector.kind) {
    case 'value':
      return resolvePartition(definition.partitionKey, selector.values).partitionId;
    case 'id':
      if (!isValidPartitionId(selector.id)) {
        throw mergeTreeError(
          'INVALID_PARTITION_VALUE',
          `Invalid partition ID '${selector.id}': it must match [A-Za-z0-9-]+`,
        );
      }
      return selector.id;
    case 'all':
      throw mergeTreeError('SUPPORT_IS_DISABLED', 'Only support DROP/DETACH/ATTACH PARTITION ALL currently');
  }
}

/** Partition IDs for a selector that may be ALL: every partition found in `universe`. */
export function partitionIdsOfSelector(
  definition: TableDefinition,
  selector: PartitionSelector,
  universe: Iterable<string>,
): string[] {
  return selector.kind === 'all' ? [...universe].sort() : [partitionIdOfSelector(definition, selector)];
}

/** A fresh part `{pid}_{n}_{n}_0` from the table's block counter. */
export function newPart(
  base: Omit<PartRecord, 'name' | 'minBlock' | 'maxBlock' | 'level' | 'mutation'>,
  block: number,
): PartRecord {
  const info = { partitionId: base.partitionId, minBlock: block, maxBlock: block, level: 0, mutation: 0 };
  return { ...base, ...info, name: formatPartName(info) };
}

/**
 * A copied or attached part under a new block number `{pid}_{n}_{n}_{level}`: ClickHouse keeps the
 * source part's level (StorageMergeTree::attachPartition / replacePartitionFrom rename the part
 * with only min/max block changed; BEHAVIOUR.md §6, seen on a real server).
 */
export function renumberedPart(
  base: Omit<PartRecord, 'name' | 'minBlock' | 'maxBlock' | 'mutation'>,
  block: number,
): PartRecord {
  const info = {
    partitionId: base.partitionId,
    minBlock: block,
    maxBlock: block,
    level: base.level,
    mutation: 0,
  };
  return { ...base, ...info, name: formatPartName(info) };
}

export function byBlocks(a: PartRecord, b: PartRecord): number {
  return a.minBlock - b.minBlock || a.maxBlock - b.maxBlock || a.level - b.level;
}

export function requireCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw mergeTreeError('BAD_ARGUMENTS', `${field} must be a non-negative integer, got ${String(value)}`);
  }
}

/** ATTACH/REPLACE/MOVE/FETCH between tables need the same structure (BEHAVIOUR.md §2). */
export function requireCompatible(
  destination: ExistingTable,
  source: { table: TableRef; definition?: TableDefinition },
  options: { sameEngineFamily?: boolean; structureOnly?: boolean } = {},
): TableDefinition {
  if (!source.definition)
    throw mergeTreeError('UNKNOWN_TABLE', `Table ${tableLabel(source.table)} does not exist`);
  const [d, s] = [destination.definition, source.definition];
  const columns = (def: TableDefinition) => JSON.stringify(def.columns.map((c) => [c.name, c.type]));
  if (columns(d) !== columns(s))
    throw mergeTreeError('INCOMPATIBLE_COLUMNS', 'Tables have different structure');
  if (JSON.stringify(d.partitionKey) !== JSON.stringify(s.partitionKey)) {
    throw mergeTreeError('BAD_ARGUMENTS', 'Tables have different partition key');
  }
  if (options.structureOnly) return s;
  if (d.orderBy !== s.orderBy) throw mergeTreeError('BAD_ARGUMENTS', 'Tables have different ordering');
  if (d.primaryKey !== s.primaryKey)
    throw mergeTreeError('BAD_ARGUMENTS', 'Tables have different primary key');
  if (d.storagePolicy !== s.storagePolicy) {
    throw mergeTreeError(
      'BAD_ARGUMENTS',
      `Destination table ${tableLabel(destination.table)} should have the same storage policy of source table ${tableLabel(source.table)}`,
    );
  }
  if (options.sameEngineFamily && engineFamily(d.engine) !== engineFamily(s.engine)) {
    throw mergeTreeError(
      'BAD_ARGUMENTS',
      'Table engines are not of the same family (replicated and non-replicated)',
    );
  }
  return s;
}

/** New parts land on the first disk of the table's storage policy. */
export function defaultDisk(definition: TableDefinition): string {
  const policy = storagePolicy(definition.storagePolicy);
  return policy ? firstDisk(policy) : 'default';
}
