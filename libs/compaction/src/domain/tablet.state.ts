import type { CompactionType, Rowset } from './tablet.events';

export interface RunningCompaction {
  readonly compactionId: string;
  readonly compactionType: CompactionType;
  readonly inputRowsetIds: readonly string[];
  readonly triggeredAt: string;
  /** Unset while triggered but not yet picked up by an executor. */
  readonly startedAt?: string;
}

export type TabletState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'registered';
      readonly tabletId: number;
      readonly tableId: number;
      readonly schemaHash: number;
      /** Ordered by start version, never overlapping; gaps are possible (missing versions). */
      readonly rowsets: readonly Rowset[];
      readonly cumulativePoint: number;
      /**
       * Compactions under way, at most one per type: base and cumulative hold separate locks,
       * full excludes both (BEHAVIOUR.md §6).
       */
      readonly running: readonly RunningCompaction[];
      /** Sequence behind deterministic rowset ids. */
      readonly nextRowsetSeq: number;
    };

export type RegisteredTablet = Extract<TabletState, { status: 'registered' }>;

export const initialTabletState = (): TabletState => ({ status: 'absent' });

/** Doris-like 32-hex-digit rowset id ("02" = id version 2), unique within a tablet. */
export function rowsetIdFor(seq: number): string {
  return `02${seq.toString(16).padStart(30, '0')}`;
}

/** Rowsets are kept ordered by their first version. */
export function byStartVersion(a: Rowset, b: Rowset): number {
  return a.startVersion - b.startVersion;
}

/** The next load version: one past the highest version held. */
export function nextVersion(rowsets: readonly Rowset[]): number {
  const last = rowsets[rowsets.length - 1];
  return last === undefined ? 0 : last.endVersion + 1;
}
