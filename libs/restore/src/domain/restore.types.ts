import { Decider, DomainEvent, SnapshotPolicy } from '@engine/kernel/domain';

/** One subject (segment, part, partition, rowset, plan day) whose current value differs from the point's. */
export interface SubjectDiff {
  kind: string;
  subject: string;
  /** The subject now; undefined when it does not exist now. */
  current?: unknown;
  /** The subject at the point restored to; undefined when it did not exist then. */
  restoredTo?: unknown;
}

/** An ordinary family command and the differences it undoes. */
export interface RestoreStep<C> {
  command: C;
  undoes: SubjectDiff[];
}

/** Why a subject cannot be brought back by metadata commands. */
export type NotRestorableReason =
  /** Druid kill: the segment's metadata and its deep-storage data are deleted. */
  | 'SEGMENT_KILLED'
  /** Published after the point: a restore stops serving it but never kills it (kill deletes data). */
  | 'PUBLISHED_AFTER_POINT'
  /** The family's own rules refused the command the plan needed (never expected; a safety net). */
  | 'REFUSED_BY_RULES'
  /** A CAN day (or table) no longer materialized: its data must be backfilled, metadata cannot bring it back. */
  | 'NEEDS_BACKFILL'
  /** A CAN day materialized after the point: cleared, it cannot go back to never/failed. */
  | 'NO_METADATA_COMMAND'
  /** The aggregate itself was deleted (a CAN plan's uuid cannot be reused). */
  | 'AGGREGATE_DELETED'
  /** The aggregate was created after the point: a restore never deletes it. */
  | 'CREATED_AFTER_POINT'
  /** Doris: a compaction rewrote rowsets (or moved the cumulative point) since the point. */
  | 'COMPACTION_REWROTE_ROWSETS'
  /** Doris: a load added a rowset after the point; no command unloads data. */
  | 'LOADED_AFTER_POINT'
  /** ClickHouse: a part of the point was merged or mutated into another part, which cannot be split back. */
  | 'PARTS_REWRITTEN'
  /** ClickHouse: a part of the point was dropped (or dropped from detached): its data is gone. */
  | 'PART_DATA_GONE';

export interface NotRestorable extends SubjectDiff {
  reason: NotRestorableReason | (string & {});
  message: string;
}

export interface FamilyPlan<C> {
  steps: RestoreStep<C>[];
  notRestorable: NotRestorable[];
}

export interface PlanInput<S, M = undefined> {
  /** The state at the point restored to (folded by the family's evolve). */
  asOf: S;
  /** The current state. Planners must not mutate either. */
  current: S;
  /** The aggregate's id after the tenant (`datasource`, `db.table`...). */
  id: string;
  /** Restrict the plan to these subjects (undefined: every subject). */
  only?: ReadonlySet<string>;
  /** The request time (ISO-8601), for families whose commands carry one. */
  now?: string;
  /** What the family's `memory` fold kept of the history up to the point. */
  memory?: M;
}

/**
 * What a lifecycle family contributes to point-in-time restore. Pure: the planner compares two
 * states and answers ordinary commands of the family; the commands are applied by its own decide.
 */
export interface RestoreFamily<S, C, E extends DomainEvent, M = undefined> {
  /** Stream category, as in the audit routes. */
  category: string;
  /** Stream id components after the tenant (default: the id split on `/`). */
  streamIdOf?: (id: string) => string[];
  decider: Decider<S, C, E>;
  snapshot?: SnapshotPolicy<S>;
  /** Every subject of a state with its comparable value; an absent key = no such subject. */
  subjects: (state: S) => Map<string, unknown>;
  /** What kind of subject a key names, for the plan's output. */
  kindOf: (key: string) => string;
  plan: (input: PlanInput<S, M>) => FamilyPlan<C>;
  /**
   * Details a state does not keep but a command needs to bring a subject back (e.g. a deleted
   * catalog partition's storage descriptor), folded from the same events up to the point.
   */
  memory?: { initial: () => M; evolve: (memory: M, event: E) => M };
  /** A deep copy the simulation may mutate (default structuredClone). */
  clone?: (state: S) => S;
}
