import type { RecordedEvent, SubscriptionFilter } from '@engine/eventstore';
import type Database from 'better-sqlite3';

export interface ProjectionHandler {
  /** Applies one event to the read tables; runs inside the batch's transaction. */
  apply(event: RecordedEvent): void;
  /** Called once per batch, in its transaction, before its first event (a batch may be retried). */
  beforeBatch?(): void;
  /** Called once per batch, in its transaction, after its last event (for per-batch writes). */
  afterBatch?(): void;
}

export interface ProjectionDefinition {
  readonly name: string;
  /**
   * Where a worker thread can import this definition from (`__filename` and the export's name),
   * so that a projection far behind catches up on another core. Required: a definition without it
   * would run on the main thread without anyone noticing.
   */
  readonly source: { readonly file: string; readonly exportName: string };
  /** Bump when the tables or their meaning change: the new version rebuilds from position 0. */
  readonly version: number;
  readonly filter?: SubscriptionFilter;
  /** Creates the tables (idempotently) and prepares statements on this projection's own database. */
  open(db: Database.Database): ProjectionHandler;
}

export type ProjectionState = 'starting' | 'catching-up' | 'running' | 'rebuilding' | 'stopped' | 'failed';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  checkpoint: string;
  head: string;
  lag: string;
  eventsPerSecond: number;
  eventsApplied: number;
  lastError?: { message: string; eventId?: string; position?: string; type?: string };
  file: string;
}
