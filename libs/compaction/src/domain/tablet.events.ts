import type { DomainEvent } from '@engine/kernel/domain';

export type CompactionType = 'base' | 'cumulative' | 'full';
export const COMPACTION_TYPES: readonly CompactionType[] = ['base', 'cumulative', 'full'];

/** A rowset covers the versions [startVersion, endVersion] of a tablet; sizes are bytes. */
export interface Rowset {
  readonly rowsetId: string;
  readonly startVersion: number;
  readonly endVersion: number;
  readonly size: number;
  readonly segments: number;
}

export type TabletRegistered = DomainEvent<
  'TabletRegistered',
  {
    tabletId: number;
    tableId: number;
    schemaHash: number;
    rowsets: Rowset[];
    cumulativePoint: number;
    registeredAt: string;
  }
>;

export type RowsetAdded = DomainEvent<'RowsetAdded', { tabletId: number; rowset: Rowset; addedAt: string }>;

export type CompactionTriggered = DomainEvent<
  'CompactionTriggered',
  {
    tabletId: number;
    compactionId: string;
    compactionType: CompactionType;
    /** Chosen when triggered, so loads arriving meanwhile never change what is merged. */
    inputRowsetIds: string[];
    triggeredAt: string;
  }
>;

export type CompactionStarted = DomainEvent<
  'CompactionStarted',
  { tabletId: number; compactionId: string; compactionType: CompactionType; startedAt: string }
>;

export type CompactionCompleted = DomainEvent<
  'CompactionCompleted',
  {
    tabletId: number;
    compactionId: string;
    compactionType: CompactionType;
    inputRowsetIds: string[];
    output: Rowset;
    /** The tablet's cumulative point after the merge. */
    cumulativePoint: number;
    completedAt: string;
  }
>;

export type CompactionFailed = DomainEvent<
  'CompactionFailed',
  {
    tabletId: number;
    compactionId: string;
    compactionType: CompactionType;
    reason: string;
    timedOut: boolean;
    failedAt: string;
  }
>;

export type TabletEvent =
  | TabletRegistered
  | RowsetAdded
  | CompactionTriggered
  | CompactionStarted
  | CompactionCompleted
  | CompactionFailed;

export const TABLET_EVENT_TYPES: readonly TabletEvent['type'][] = [
  'TabletRegistered',
  'RowsetAdded',
  'CompactionTriggered',
  'CompactionStarted',
  'CompactionCompleted',
  'CompactionFailed',
];
