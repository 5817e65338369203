import { decideAll } from '@engine/testing';
import { DomainError } from '@engine/kernel/domain';
import type { MergeTreeCommand, OtherTable, PartitionSelector } from './mergetree.commands';
import { mergeTreeDecider } from './mergetree.decider';
import type { MergeTreeEvent, PartRecord } from './mergetree.events';
import type { MergeTreeState } from './mergetree.state';
import type { Literal } from './partition-value.value-object';
import type { TableDefinition, TableDefinitionSpec, TableRef } from './table-definition.value-object';

/** Shared data for the decider specs. */

export const NOW = '2026-01-02T03:04:05.000Z';
export const mt: TableRef = { database: 'db', table: 'mt' };
export const other: TableRef = { database: 'db', table: 'other' };

export const dateSpec: TableDefinitionSpec = {
  engine: 'MergeTree',
  columns: [
    { name: 'd', type: 'Date' },
    { name: 'x', type: 'UInt64' },
    { name: 's', type: 'String' },
  ],
  indices: ['idx_s'],
  partitionKey: [{ function: 'identity', column: 'd' }],
  orderBy: 'x',
  primaryKey: 'x',
  storagePolicy: 'default',
};

export const dateDefinition: TableDefinition = {
  ...dateSpec,
  partitionKey: [{ function: 'identity', column: 'd', type: 'Date' }],
};

export const created = (
  table: TableRef = mt,
  definition: TableDefinition = dateDefinition,
): MergeTreeEvent => ({
  type: 'TableCreated',
  data: { table, definition, createdAt: NOW },
});

export const str = (value: string): Literal => ({ kind: 'string', value });
export const int = (value: number): Literal => ({ kind: 'int', value: String(value) });
export const byValue = (...values: Literal[]): PartitionSelector => ({ kind: 'value', values });
export const day = (date: string): PartitionSelector => byValue(str(date));

/** A part of the date-partitioned table, e.g. part('2020-11-21', 1). */
export function part(date: string, block: number, extra: Partial<PartRecord> = {}): PartRecord {
  const partitionId = date.replace(/-/g, '');
  const base = { partitionId, minBlock: block, maxBlock: block, level: 0, mutation: 0, ...extra };
  const suffix = base.mutation ? `_${base.mutation}` : '';
  return {
    name: `${partitionId}_${base.minBlock}_${base.maxBlock}_${base.level}${suffix}`,
    partition: date,
    rows: 10,
    bytesOnDisk: 100,
    disk: 'default',
    modifiedAt: NOW,
    ...base,
  };
}

export const added = (p: PartRecord): MergeTreeEvent => ({ type: 'PartAdded', data: { part: p } });

export const detached = (...parts: PartRecord[]): MergeTreeEvent => ({
  type: 'PartsDetached',
  data: { parts, detachedAt: NOW },
});

export function cmd<T extends MergeTreeCommand['type']>(
  type: T,
  rest: Omit<Extract<MergeTreeCommand, { type: T }>, 'type' | 'table' | 'now'> & { table?: TableRef },
): Extract<MergeTreeCommand, { type: T }> {
  return { type, table: mt, now: NOW, ...rest } as Extract<MergeTreeCommand, { type: T }>;
}

export const otherTable = (
  activeParts: PartRecord[],
  definition: TableDefinition | undefined = dateDefinition,
): OtherTable => ({
  table: other,
  definition,
  activeParts,
});

export const refusedWith = (code: string) => (error: Error) =>
  error instanceof DomainError && error.code === code;

export const missingTable: OtherTable = { table: other, activeParts: [] };

/** The DomainError `command` is refused with after `history`, for assertions on message and details. */
export function refusal(history: MergeTreeEvent[], command: MergeTreeCommand): DomainError {
  const state = history.reduce(mergeTreeDecider.evolve, mergeTreeDecider.initialState());
  try {
    mergeTreeDecider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/** Decides and folds `commands` one after another, as the pipeline does: the events and the state. */
export function run(
  commands: MergeTreeCommand[],
  history: MergeTreeEvent[] = [],
): { events: MergeTreeEvent[]; state: MergeTreeState } {
  return decideAll(mergeTreeDecider, commands, history);
}

/** A request time later than NOW, to see that a decider takes its time from the command. */
export const LATER = '2026-03-04T05:06:07.000Z';

/** The code and message of a refused command. */
export function refused(history: MergeTreeEvent[], command: MergeTreeCommand): [string, string] {
  const error = refusal(history, command);
  return [error.code, error.message];
}

/** Parts recorded out of block order, and a later partition before an earlier one. */
export const OUT_OF_ORDER = (() => {
  const p1 = part('2020-11-21', 1);
  const p3 = part('2020-11-21', 3);
  const q2 = part('2020-11-22', 2);
  return { p1, p3, q2, table: [created(), added(q2), added(p3), added(p1)] };
})();
