import type { AddPart, CreateTable, MergeParts, RegisterDetachedPart } from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type {
  DetachedPartRegistered,
  PartAdded,
  PartRecord,
  PartsMerged,
  TableCreated,
} from './mergetree.events';
import {
  byBlocks,
  newPart,
  partitionIdOfSelector,
  requireCount,
  defaultDisk,
  requireTable,
} from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { formatPartName, parsePartName, splitDetachedName } from './part-name.value-object';
import { resolvePartition } from './partition-value.value-object';
import { storagePolicy } from './storage-policy.value-object';
import type { PartitionKeyElement } from './table-definition.value-object';
import { tableLabel } from './table-definition.value-object';

/** CREATE TABLE, parts written by inserts, OPTIMIZE ... FINAL, and detached parts found by executors. */

export function decideCreateTable(command: CreateTable, state: MergeTreeState): TableCreated[] {
  if (state.definition) {
    if (command.ifNotExists) return [];
    throw mergeTreeError('TABLE_ALREADY_EXISTS', `Table ${tableLabel(command.table)} already exists`);
  }
  const { definition } = command;
  const columns = new Map(definition.columns.map((c) => [c.name, c.type]));
  if (columns.size === 0) throw mergeTreeError('BAD_ARGUMENTS', 'Table must have at least one column');
  if (columns.size !== definition.columns.length)
    throw mergeTreeError('BAD_ARGUMENTS', 'Column names in the table are not unique');
  if (!storagePolicy(definition.storagePolicy)) {
    throw mergeTreeError('UNKNOWN_POLICY', `Unknown storage policy \`${definition.storagePolicy}\``);
  }
  const partitionKey: PartitionKeyElement[] = definition.partitionKey.map((element) => {
    const type = columns.get(element.column);
    if (type === undefined) {
      throw mergeTreeError(
        'UNKNOWN_IDENTIFIER',
        `Missing columns: '${element.column}' while processing the partition key`,
      );
    }
    if (element.function === 'identity') return { ...element, type };
    return { ...element, type: keyFunctionType(element.function, type) };
  });
  return [
    {
      type: 'TableCreated',
      data: { table: command.table, definition: { ...definition, partitionKey }, createdAt: command.now },
    },
  ];
}

export function decideAddPart(command: AddPart, state: MergeTreeState): PartAdded[] {
  const { definition } = requireTable(state, command.table);
  requireCount(command.rows, 'rows');
  requireCount(command.bytesOnDisk, 'bytesOnDisk');
  const { partitionId, partition } = resolvePartition(definition.partitionKey, command.values);
  const disk = defaultDisk(definition);
  const part = newPart(
    {
      partitionId,
      partition,
      rows: command.rows,
      bytesOnDisk: command.bytesOnDisk,
      disk,
      modifiedAt: command.now,
    },
    state.nextBlock,
  );
  return [{ type: 'PartAdded', data: { part } }];
}

/**
 * OPTIMIZE: each chosen partition's active parts become one part spanning their blocks at the
 * next level. FINAL also rewrites a partition that is already a single part (as ClickHouse does).
 */
export function decideMergeParts(command: MergeParts, state: MergeTreeState): PartsMerged[] {
  const { definition } = requireTable(state, command.table);
  const partitionIds = command.partition
    ? [partitionIdOfSelector(definition, command.partition)]
    : [...state.active.keys()].sort();
  const events: PartsMerged[] = [];
  for (const partitionId of partitionIds) {
    const parts = [...(state.active.get(partitionId)?.values() ?? [])].sort(byBlocks);
    if (parts.length === 0 || (parts.length === 1 && !command.final)) continue;
    events.push({
      type: 'PartsMerged',
      data: { partitionId, sourceNames: parts.map((p) => p.name), part: merged(parts, command.now) },
    });
  }
  return events;
}

function merged(parts: PartRecord[], now: string): PartRecord {
  const info = {
    partitionId: parts[0].partitionId,
    minBlock: Math.min(...parts.map((p) => p.minBlock)),
    maxBlock: Math.max(...parts.map((p) => p.maxBlock)),
    level: Math.max(...parts.map((p) => p.level)) + 1,
    mutation: Math.max(...parts.map((p) => p.mutation)),
  };
  return {
    ...info,
    name: formatPartName(info),
    partition: parts[0].partition,
    rows: parts.reduce((sum, p) => sum + p.rows, 0),
    bytesOnDisk: parts.reduce((sum, p) => sum + p.bytesOnDisk, 0),
    disk: parts[0].disk,
    modifiedAt: now,
  };
}

/** Only prefixed names (`broken_...`): a plain name would be attachable with no known partition value. */
export function decideRegisterDetachedPart(
  command: RegisterDetachedPart,
  state: MergeTreeState,
): DetachedPartRegistered[] {
  const { definition } = requireTable(state, command.table);
  requireCount(command.rows, 'rows');
  requireCount(command.bytesOnDisk, 'bytesOnDisk');
  const { reason, partName } = splitDetachedName(command.name);
  const info = parsePartName(partName);
  // A plain name is a part copied into detached by hand, e.g. restored from a FREEZE backup
  // (seed: "copy the data from the backup to detached, then ATTACH"; BEHAVIOUR.md §6).
  if (!info) {
    throw mergeTreeError(
      'BAD_DATA_PART_NAME',
      `Detached part name ${command.name} must be a valid part name, optionally with a reason prefix`,
    );
  }
  if (state.detached.has(command.name))
    throw mergeTreeError('DUPLICATE_DATA_PART', `Detached part ${command.name} already exists`);
  const disk = defaultDisk(definition);
  const part: PartRecord = {
    ...info,
    name: partName,
    partition: printedPartition(state, definition.partitionKey, info.partitionId),
    rows: command.rows,
    bytesOnDisk: command.bytesOnDisk,
    disk,
    modifiedAt: command.now,
  };
  return [{ type: 'DetachedPartRegistered', data: { detached: { name: command.name, reason, part } } }];
}

/** Result types of the functions a partition key uses (ClickHouse's date/time and arithmetic functions). */
const DATE_FUNCTIONS: Readonly<Record<string, string>> = {
  toyyyymm: 'UInt32',
  toyyyymmdd: 'UInt32',
  toyyyymmddhhmmss: 'UInt64',
  todate: 'Date',
  tomonday: 'Date',
  tostartofweek: 'Date',
  tostartofmonth: 'Date',
  tostartofquarter: 'Date',
  tostartofyear: 'Date',
  tostartofisoyear: 'Date',
  todatetime: 'DateTime',
  tostartofday: 'DateTime',
  tostartofhour: 'DateTime',
  tostartofminute: 'DateTime',
  tostartoffiveminute: 'DateTime',
  tostartoffiveminutes: 'DateTime',
  tostartoftenminutes: 'DateTime',
  tostartoffifteenminutes: 'DateTime',
  toyear: 'UInt16',
  toisoyear: 'UInt16',
  toquarter: 'UInt8',
  tomonth: 'UInt8',
  toweek: 'UInt8',
  toisoweek: 'UInt8',
  todayofmonth: 'UInt8',
  todayofweek: 'UInt8',
  todayofyear: 'UInt16',
  tohour: 'UInt8',
  torelativedaynum: 'UInt32',
  torelativemonthnum: 'UInt32',
};
/** Integer arithmetic keeps an integer column's type (the ID only needs "integer"). */
const INTEGER_FUNCTIONS = new Set(['intdiv', 'intdivorzero', 'modulo', 'moduloorzero', 'abs']);
/** Hash functions give UInt64 whatever the argument. */
const HASH_FUNCTIONS = new Set(['cityhash64', 'siphash64', 'xxhash64', 'farmhash64', 'inthash64']);

function keyFunctionType(fn: string, columnType: string): string {
  const name = fn.toLowerCase();
  const inner = columnType.replace(/^(?:LowCardinality\()?(?:Nullable\()?/, '').replace(/\)+$/, '');
  const dateResult = DATE_FUNCTIONS[name];
  if (dateResult !== undefined) {
    if (!/^(Date|Date32|DateTime.*)$/.test(inner)) {
      throw mergeTreeError(
        'ILLEGAL_TYPE_OF_ARGUMENT',
        `Illegal type ${columnType} of argument of function ${fn}`,
      );
    }
    return dateResult;
  }
  if (INTEGER_FUNCTIONS.has(name)) {
    if (!/^U?Int(8|16|32|64|128|256)$/.test(inner)) {
      throw mergeTreeError(
        'ILLEGAL_TYPE_OF_ARGUMENT',
        `Illegal type ${columnType} of argument of function ${fn}`,
      );
    }
    return inner;
  }
  if (HASH_FUNCTIONS.has(name)) return 'UInt64';
  if (name === 'tostring') return 'String';
  throw mergeTreeError('UNKNOWN_FUNCTION', `Unknown function ${fn} in the partition key`);
}

/**
 * The printed partition of a part known only by name: from another part of that partition, else
 * parsed back from an all-integer ID (MergeTreePartition::tryParseValueFromID), else ''.
 */
function printedPartition(
  state: MergeTreeState,
  key: readonly PartitionKeyElement[],
  partitionId: string,
): string {
  const known =
    state.active.get(partitionId)?.values().next().value ??
    [...(state.detachedByPartition.get(partitionId) ?? [])]
      .map((name) => state.detached.get(name)?.part)
      .find((part) => part !== undefined && part.partition !== '');
  if (known) return known.partition;
  if (key.length === 0) return 'tuple()';
  // A value starts at the start or after the '-' that separates it from the previous one, so
  // `20201121-5` is two values and `201901--3` is 201901 and -3.
  const pieces = partitionId.match(/(?<=^|-)-?\d+/g) ?? [];
  if (pieces.join('-') !== partitionId || pieces.length !== key.length) return '';
  const values = pieces.map((piece, i) => {
    if (key[i].type !== 'Date' || !/^\d{8}$/.test(piece)) return piece;
    return `'${piece.slice(0, 4)}-${piece.slice(4, 6)}-${piece.slice(6)}'`;
  });
  if (values.length === 1) return values[0].replace(/^'(.*)'$/, '$1');
  return `(${values.join(',')})`;
}
