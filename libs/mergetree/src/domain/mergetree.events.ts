import type { DomainEvent } from '@engine/kernel/domain';
import type { TableDefinition, TableRef } from './table-definition.value-object';

/** One data part as system.parts shows it. Events carry whole parts so read models need no lookups. */
export interface PartRecord {
  readonly name: string;
  readonly partitionId: string;
  /** The partition value as ClickHouse prints it (`'2020-11-21'`, `201901`, `tuple()`). */
  readonly partition: string;
  readonly minBlock: number;
  readonly maxBlock: number;
  readonly level: number;
  readonly mutation: number;
  readonly rows: number;
  readonly bytesOnDisk: number;
  readonly disk: string;
  readonly modifiedAt: string;
}

/** A part in the table's detached directory; `name` carries the reason prefix, `part.name` does not. */
export interface DetachedPartRecord {
  readonly name: string;
  readonly reason: string;
  readonly part: PartRecord;
}

export interface CopiedPart {
  readonly sourceName: string;
  readonly part: PartRecord;
}

export type MutationSpec =
  | { readonly kind: 'ClearColumn'; readonly column: string }
  | { readonly kind: 'ClearIndex'; readonly index: string }
  | {
      readonly kind: 'Update';
      readonly assignments: readonly { column: string; expression: string }[];
      readonly where: string;
    }
  | { readonly kind: 'Delete'; readonly where: string };

export type DiskTarget = { readonly kind: 'disk' | 'volume'; readonly name: string };

export type TableCreated = DomainEvent<
  'TableCreated',
  { table: TableRef; definition: TableDefinition; createdAt: string }
>;
export type PartAdded = DomainEvent<'PartAdded', { part: PartRecord }>;
export type PartsMerged = DomainEvent<
  'PartsMerged',
  { partitionId: string; sourceNames: string[]; part: PartRecord }
>;
/** `detachedAs`: part name -> directory name when the name was taken in detached (`<name>_try1`). */
export type PartsDetached = DomainEvent<
  'PartsDetached',
  { parts: PartRecord[]; detachedAt: string; detachedAs?: Record<string, string> }
>;
export type PartsAttached = DomainEvent<
  'PartsAttached',
  { parts: { detachedName: string; part: PartRecord }[] }
>;
export type PartsDropped = DomainEvent<'PartsDropped', { names: string[] }>;
export type DetachedPartsDropped = DomainEvent<'DetachedPartsDropped', { names: string[] }>;
export type PartitionForgotten = DomainEvent<'PartitionForgotten', { partitionId: string }>;
export type PartitionAttachedFrom = DomainEvent<
  'PartitionAttachedFrom',
  { source: TableRef; parts: CopiedPart[] }
>;
export type PartitionReplacedFrom = DomainEvent<
  'PartitionReplacedFrom',
  {
    source: TableRef;
    partitionId: string;
    replacedNames: string[];
    parts: CopiedPart[];
    /** The block number REPLACE takes for the dropped range, copies or not (the hole). */
    reservedBlock?: number;
  }
>;
export type PartitionMoveStarted = DomainEvent<
  'PartitionMoveStarted',
  { moveId: string; destination: TableRef; partitionId: string; parts: PartRecord[] }
>;
export type MovedPartsReceived = DomainEvent<
  'MovedPartsReceived',
  { moveId: string; source: TableRef; parts: CopiedPart[] }
>;
export type PartitionMoveCompleted = DomainEvent<'PartitionMoveCompleted', { moveId: string }>;
export type PartitionMoveAborted = DomainEvent<
  'PartitionMoveAborted',
  { moveId: string; reason: string; parts: PartRecord[] }
>;
export type PartitionFrozen = DomainEvent<
  'PartitionFrozen',
  { backupName: string; increment: number; partitionId: string | null; partNames: string[]; frozenAt: string }
>;
export type PartitionUnfrozen = DomainEvent<
  'PartitionUnfrozen',
  { backupName: string; partitionId: string | null; partNames: string[] }
>;
export type PartsMutated = DomainEvent<
  'PartsMutated',
  { mutation: MutationSpec; version: number; parts: { fromName: string; part: PartRecord }[] }
>;
export type PartsMovedToDisk = DomainEvent<
  'PartsMovedToDisk',
  { target: DiskTarget; disk: string; names: string[] }
>;
export type PartsFetched = DomainEvent<'PartsFetched', { from: string; parts: DetachedPartRecord[] }>;
export type DetachedPartRegistered = DomainEvent<'DetachedPartRegistered', { detached: DetachedPartRecord }>;

export type MergeTreeEvent =
  | TableCreated
  | PartAdded
  | PartsMerged
  | PartsDetached
  | PartsAttached
  | PartsDropped
  | DetachedPartsDropped
  | PartitionForgotten
  | PartitionAttachedFrom
  | PartitionReplacedFrom
  | PartitionMoveStarted
  | MovedPartsReceived
  | PartitionMoveCompleted
  | PartitionMoveAborted
  | PartitionFrozen
  | PartitionUnfrozen
  | PartsMutated
  | PartsMovedToDisk
  | PartsFetched
  | DetachedPartRegistered;

export const MERGETREE_EVENT_TYPES: readonly MergeTreeEvent['type'][] = [
  'TableCreated',
  'PartAdded',
  'PartsMerged',
  'PartsDetached',
  'PartsAttached',
  'PartsDropped',
  'DetachedPartsDropped',
  'PartitionForgotten',
  'PartitionAttachedFrom',
  'PartitionReplacedFrom',
  'PartitionMoveStarted',
  'MovedPartsReceived',
  'PartitionMoveCompleted',
  'PartitionMoveAborted',
  'PartitionFrozen',
  'PartitionUnfrozen',
  'PartsMutated',
  'PartsMovedToDisk',
  'PartsFetched',
  'DetachedPartRegistered',
];
