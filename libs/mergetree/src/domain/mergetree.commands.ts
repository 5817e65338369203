import type { DiskTarget, MutationSpec, PartRecord } from './mergetree.events';
import type { Literal } from './partition-value.value-object';
import type { TableDefinitionSpec, TableRef, TableDefinition } from './table-definition.value-object';

/** How an ALTER names its partition: by value (one literal per key element), by ID, or ALL. */
export type PartitionSelector =
  | { readonly kind: 'value'; readonly values: readonly Literal[] }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'all' };

/** Another table's state, loaded by the handler for the operations that span two tables. */
export interface OtherTable {
  readonly table: TableRef;
  /** Undefined when that table does not exist. */
  readonly definition?: TableDefinition;
  readonly activeParts: readonly PartRecord[];
}

interface Base<Type extends string> {
  readonly type: Type;
  readonly table: TableRef;
  /** ISO-8601 time of the request; the domain never reads a clock. */
  readonly now: string;
}

export type CreateTable = Base<'CreateTable'> & { definition: TableDefinitionSpec; ifNotExists: boolean };
export type AddPart = Base<'AddPart'> & { values: readonly Literal[]; rows: number; bytesOnDisk: number };
/** OPTIMIZE TABLE ... [PARTITION p] [FINAL]. */
export type MergeParts = Base<'MergeParts'> & { partition?: PartitionSelector; final: boolean };
export type DetachPartition = Base<'DetachPartition'> & { partition: PartitionSelector };
export type DetachPart = Base<'DetachPart'> & { name: string };
export type AttachPartition = Base<'AttachPartition'> & { partition: PartitionSelector };
export type AttachPart = Base<'AttachPart'> & { name: string };
export type DropPartition = Base<'DropPartition'> & { partition: PartitionSelector };
export type DropPart = Base<'DropPart'> & { name: string };
export type DropDetachedPartition = Base<'DropDetachedPartition'> & {
  partition: PartitionSelector;
  allowDropDetached: boolean;
};
export type DropDetachedPart = Base<'DropDetachedPart'> & { name: string; allowDropDetached: boolean };
export type ForgetPartition = Base<'ForgetPartition'> & { partition: PartitionSelector };
export type AttachPartitionFrom = Base<'AttachPartitionFrom'> & {
  partition: PartitionSelector;
  source: OtherTable;
};
export type ReplacePartitionFrom = Base<'ReplacePartitionFrom'> & {
  partition: PartitionSelector;
  source: OtherTable;
};
/** Step 1 of MOVE PARTITION TO TABLE, on the source: the parts leave the source's active set. */
export type MovePartitionToTable = Base<'MovePartitionToTable'> & {
  partition: PartitionSelector;
  moveId: string;
  destination: OtherTable;
};
/** Step 2, on the destination; a second delivery of the same moveId changes nothing. */
export type ReceiveMovedParts = Base<'ReceiveMovedParts'> & {
  moveId: string;
  source: OtherTable;
  parts: readonly PartRecord[];
};
/** Step 3, on the source. */
export type CompletePartitionMove = Base<'CompletePartitionMove'> & { moveId: string };
/** Instead of step 3 when the destination refused: the parts return to the source. */
export type AbortPartitionMove = Base<'AbortPartitionMove'> & { moveId: string; reason: string };
/**
 * `serverIncrement`: the highest FREEZE increment of any of the tenant's tables, read by the
 * handler; FREEZE numbering is server-wide (shadow/increment.txt; BEHAVIOUR.md §6).
 */
export type FreezePartition = Base<'FreezePartition'> & {
  partition?: PartitionSelector;
  withName?: string;
  serverIncrement?: number;
};
export type UnfreezePartition = Base<'UnfreezePartition'> & {
  partition?: PartitionSelector;
  withName: string;
};
export type ClearColumnInPartition = Base<'ClearColumnInPartition'> & {
  column: string;
  partition: PartitionSelector;
};
export type ClearIndexInPartition = Base<'ClearIndexInPartition'> & {
  index: string;
  partition: PartitionSelector;
};
export type UpdateInPartition = Base<'UpdateInPartition'> & {
  assignments: readonly { column: string; expression: string }[];
  where: string;
  partition?: PartitionSelector;
};
export type DeleteInPartition = Base<'DeleteInPartition'> & { where: string; partition?: PartitionSelector };
export type MovePartitionToDisk = Base<'MovePartitionToDisk'> & {
  partition: PartitionSelector;
  target: DiskTarget;
};
export type MovePartToDisk = Base<'MovePartToDisk'> & { name: string; target: DiskTarget };
/** FETCH: the path's last component names the table (same database unless `db.table`) to copy from. */
export type FetchPartition = Base<'FetchPartition'> & {
  partition: PartitionSelector;
  from: string;
  source: OtherTable;
};
export type FetchPart = Base<'FetchPart'> & { name: string; from: string; source: OtherTable };
/** An executor reports a directory it found in detached (e.g. `broken_...` after a checksum failure). */
export type RegisterDetachedPart = Base<'RegisterDetachedPart'> & {
  name: string;
  rows: number;
  bytesOnDisk: number;
};

export type MergeTreeCommand =
  | CreateTable
  | AddPart
  | MergeParts
  | DetachPartition
  | DetachPart
  | AttachPartition
  | AttachPart
  | DropPartition
  | DropPart
  | DropDetachedPartition
  | DropDetachedPart
  | ForgetPartition
  | AttachPartitionFrom
  | ReplacePartitionFrom
  | MovePartitionToTable
  | ReceiveMovedParts
  | CompletePartitionMove
  | AbortPartitionMove
  | FreezePartition
  | UnfreezePartition
  | ClearColumnInPartition
  | ClearIndexInPartition
  | UpdateInPartition
  | DeleteInPartition
  | MovePartitionToDisk
  | MovePartToDisk
  | FetchPartition
  | FetchPart
  | RegisterDetachedPart;

export type { MutationSpec };
