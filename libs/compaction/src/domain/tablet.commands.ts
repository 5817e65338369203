import type { CompactionType } from './tablet.events';

/** A rowset as a client describes it; the tablet gives it its id. */
export interface RowsetSpec {
  readonly startVersion: number;
  readonly endVersion: number;
  readonly size: number;
  readonly segments: number;
}

/** Every command carries `now` (ISO-8601): the domain never reads the clock. */
export type TabletCommand =
  | {
      type: 'RegisterTablet';
      tabletId: number;
      tableId: number;
      schemaHash: number;
      rowsets: readonly RowsetSpec[];
      /** Omitted: just above the base rowset [0-k] when there is one, else 0. */
      cumulativePoint?: number;
      now: string;
    }
  | { type: 'AddRowset'; tabletId: number; size: number; segments: number; now: string }
  | {
      type: 'TriggerCompaction';
      tabletId: number;
      compactionId: string;
      compactionType: CompactionType;
      now: string;
    }
  | { type: 'StartCompaction'; tabletId: number; compactionId: string; now: string }
  | {
      type: 'CompleteCompaction';
      tabletId: number;
      compactionId: string;
      /** A cumulative output at least this large (bytes) moves the cumulative point past it. */
      promotionSize: number;
      /** What the executor wrote; omitted: the sum of the inputs' sizes, segments by target size. */
      output?: { size: number; segments: number };
      now: string;
    }
  | { type: 'FailCompaction'; tabletId: number; compactionId: string; reason: string; now: string }
  | {
      type: 'TimeOutCompaction';
      tabletId: number;
      compactionId: string;
      /** Measured from the start, or from the trigger when no executor ever started it. */
      timeoutMs: number;
      now: string;
    };
