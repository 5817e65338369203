// Read side, file 6 of 6: one projection fed from the store, rows and checkpoint in one
// transaction (next: the projection's own `open`/`apply`, projection.ts and a family's
// *.projection.ts). Runs in whichever thread the registry placed it (projection-registry.ts).
import type { EventStore, RecordedEvent, Subscription, SubscriptionItem } from '@engine/eventstore';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { ProjectionDefinition, ProjectionHandler, ProjectionState } from './projection';
import { EventRate, PositionWaiters } from './position-waiters';
import {
  ProjectionApplyError,
  RunnerError,
  RunnerLog,
  RunnerOptions,
  stderrLog,
} from './projection-runner.options';

export { ProjectionApplyError } from './projection-runner.options';
export type { RunnerError, RunnerLog, RunnerOptions } from './projection-runner.options';

const BATCH = 1000;
/** A checkpoint that moved only past other projections' events is written at most this often. */
const IDLE_CHECKPOINT_MS = 1000;
/**
 * How long applied events may wait to be committed together while no reader waits for them:
 * fewer, larger transactions write each page once (and leave less for the event store's fsync).
 */
const COMMIT_DELAY_MS = 100;
const IDLE = Symbol('idle');
const RESUBSCRIBE_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * Feeds one projection from the event store: subscribes from its checkpoint, applies events in
 * batches, and writes rows and checkpoint in one transaction. A failing event stops the
 * projection with the error recorded; a dropped subscription is resumed from the checkpoint.
 */
export class ProjectionRunner {
  readonly db: Database.Database;
  state: ProjectionState = 'starting';
  checkpoint: bigint;
  eventsApplied = 0;
  lastError?: RunnerError;
  private readonly handler: ProjectionHandler;
  private readonly saveCheckpoint: Database.Statement<[string, string]>;
  private subscription?: Subscription;
  private stopped = false;
  private loop?: Promise<void>;
  private readonly waiters = new PositionWaiters();
  private readonly rate = new EventRate();
  private readonly logger: RunnerLog;
  private readonly onCommit?: RunnerOptions['onCommit'];
  private readonly onFail?: RunnerOptions['onFail'];
  private readonly onWait?: RunnerOptions['onWait'];
  /** The checkpoint on disk; it trails `checkpoint` while only skipped events went by. */
  private savedCheckpoint: bigint;
  private savedAt = 0;
  private due?: { promise: Promise<typeof IDLE>; fire: () => void };
  /** One tick per event-loop turn, shared by every race of that turn. */
  private idle?: Promise<typeof IDLE>;

  constructor(
    readonly definition: ProjectionDefinition,
    readonly file: string,
    private readonly store: EventStore,
    options: RunnerOptions = {},
  ) {
    this.logger = options.log ?? stderrLog(definition.name);
    this.onCommit = options.onCommit;
    this.onFail = options.onFail;
    this.onWait = options.onWait;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Read models are rebuildable from the store, so they need no fsync per batch.
    this.db.pragma('synchronous = NORMAL');
    // The read side may write from another thread (its own connection) while this one reads.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS _checkpoint (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
    this.handler = definition.open(this.db);
    this.saveCheckpoint = this.db.prepare(
      'INSERT INTO _checkpoint (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
    );
    const row = this.db
      .prepare<[string], { position: string }>('SELECT position FROM _checkpoint WHERE name = ?')
      .get(definition.name);
    this.checkpoint = row ? BigInt(row.position) : 0n;
    this.savedCheckpoint = this.checkpoint;
  }

  /** The checkpoint as written in the database (after another thread wrote to it). */
  reloadCheckpoint(): void {
    const row = this.db
      .prepare<[string], { position: string }>('SELECT position FROM _checkpoint WHERE name = ?')
      .get(this.definition.name);
    this.checkpoint = row ? BigInt(row.position) : 0n;
    this.savedCheckpoint = this.checkpoint;
  }

  /** Progress made by another thread applying to this projection's database. */
  progress(checkpoint: bigint, eventsApplied: number): void {
    this.rate.record(eventsApplied - this.eventsApplied);
    this.eventsApplied = eventsApplied;
    if (checkpoint > this.checkpoint) this.checkpoint = checkpoint;
    this.savedCheckpoint = this.checkpoint;
    this.waiters.releaseUpTo(this.checkpoint);
  }

  start(state: ProjectionState = 'running'): void {
    this.state = state;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.consume();
        return;
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof ProjectionApplyError) {
          this.fail(error);
          return;
        }
        const delay = RESUBSCRIBE_DELAYS_MS[Math.min(attempt++, RESUBSCRIBE_DELAYS_MS.length - 1)];
        this.logger.warn(
          `subscription dropped (${(error as Error).message}); resubscribing from ${this.checkpoint} in ${delay} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Applies pages read synchronously up to `until`: a worker thread's catch-up, with no
   * subscription and no promise per event. Stops on a poison event as the live loop does.
   */
  catchUp(readPage: (from: bigint) => { events: RecordedEvent[]; scannedTo: bigint }, until: bigint): void {
    this.state = 'catching-up';
    while (this.checkpoint < until) {
      const { events, scannedTo } = readPage(this.checkpoint);
      if (events.length === 0 && scannedTo <= this.checkpoint) return;
      try {
        this.commit(events, scannedTo);
      } catch (error) {
        if (!(error instanceof ProjectionApplyError)) throw error;
        this.fail(error);
        return;
      }
    }
  }

  private async consume(): Promise<void> {
    this.subscription = this.store.subscribeAll({
      fromPosition: this.checkpoint,
      filter: this.definition.filter,
    });
    const iterator = this.subscription[Symbol.asyncIterator]();
    const batch: RecordedEvent[] = [];
    let scanned = this.checkpoint;
    let pending = iterator.next();
    for (;;) {
      const hasWork = batch.length > 0 || scanned > this.checkpoint;
      let result: IteratorResult<SubscriptionItem> | typeof IDLE = hasWork
        ? await Promise.race([pending, this.commitDue(batch.length === 0)])
        : await pending;
      if (result === IDLE) {
        // The store has nothing more right now: commit what we have before waiting.
        this.commit(batch, scanned);
        result = await pending;
      }
      if (result.done) {
        this.commit(batch, scanned);
        return;
      }
      pending = iterator.next();
      const item = result.value;
      if (item.kind === 'event') {
        batch.push(item.event);
        scanned = item.event.position;
      } else {
        scanned = item.position;
      }
      if (batch.length >= BATCH) this.commit(batch, scanned);
    }
  }

  /**
   * When to commit what was read so far: once the store has nothing more right now if a reader
   * waits (or only skipped events went by), else after COMMIT_DELAY_MS at the latest.
   */
  private commitDue(onlySkipped: boolean): Promise<typeof IDLE> {
    if (onlySkipped || this.waiters.size > 0) return this.idleTick();
    if (!this.due) {
      let resolve!: (value: typeof IDLE) => void;
      const promise = new Promise<typeof IDLE>((r) => (resolve = r));
      const timer = setTimeout(() => resolve(IDLE), COMMIT_DELAY_MS).unref();
      this.due = {
        promise,
        fire: () => {
          clearTimeout(timer);
          resolve(IDLE);
        },
      };
    }
    return this.due.promise;
  }

  private commit(batch: RecordedEvent[], scanned: bigint): void {
    this.due?.fire();
    this.due = undefined;
    if (batch.length === 0 && scanned <= this.checkpoint) return;
    const events = batch.splice(0, batch.length);
    if (events.length > 0 || Date.now() - this.savedAt >= IDLE_CHECKPOINT_MS) {
      try {
        this.applyInTransaction(events, scanned);
      } catch (error) {
        // Keep what came before the poison event, so the projection stops exactly at it.
        const poisoned = error instanceof ProjectionApplyError ? events.indexOf(error.event) : -1;
        if (poisoned > 0) this.commit(events.slice(0, poisoned), events[poisoned - 1].position);
        throw error;
      }
    }
    // Skipping other projections' events changes no row: the position is kept in memory (a
    // restart rescans those events and skips them again) and written with the next batch.
    this.checkpoint = scanned;
    this.eventsApplied += events.length;
    this.rate.record(events.length);
    this.onCommit?.(scanned, this.eventsApplied);
    this.waiters.releaseUpTo(scanned);
  }

  private applyInTransaction(events: readonly RecordedEvent[], scanned: bigint): void {
    this.db.transaction(() => {
      this.handler.beforeBatch?.();
      for (const event of events) {
        try {
          this.handler.apply(event);
        } catch (error) {
          throw new ProjectionApplyError(event, error);
        }
      }
      this.handler.afterBatch?.();
      this.saveCheckpoint.run(this.definition.name, scanned.toString());
    })();
    this.savedCheckpoint = scanned;
    this.savedAt = Date.now();
  }

  private fail(error: ProjectionApplyError): void {
    this.state = 'failed';
    this.lastError = {
      message: error.message,
      eventId: error.event.id,
      position: error.event.position.toString(),
      type: error.event.type,
    };
    this.logger.error(`stopped on a poison event: ${error.message}`);
    void this.subscription?.close();
    this.waiters.releaseAll();
    this.onFail?.(this.lastError);
  }

  /** The thread applying this projection elsewhere stopped on a poison event. */
  failedElsewhere(error: RunnerError): void {
    this.state = 'failed';
    this.lastError = error;
    this.waiters.releaseAll();
  }

  /** Commits what has been applied now rather than after the batching delay. */
  hurry(): void {
    this.due?.fire();
  }

  /** Resolves when the checkpoint reaches `position`, or false after the timeout. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position || this.state === 'failed' || this.state === 'stopped')
      return Promise.resolve(true);
    const reached = this.waiters.add(position, timeoutMs);
    // A reader is waiting: commit what has been applied without waiting for the delay.
    this.due?.fire();
    this.onWait?.();
    return reached;
  }

  /** Resolves at the end of this event-loop turn: the store has nothing more to hand over now. */
  private idleTick(): Promise<typeof IDLE> {
    this.idle ??= new Promise((resolve) =>
      setImmediate(() => {
        this.idle = undefined;
        resolve(IDLE);
      }),
    );
    return this.idle;
  }

  eventsPerSecond(): number {
    return this.rate.perSecond();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.state !== 'failed') this.state = 'stopped';
    await this.subscription?.close();
    await this.loop?.catch(() => undefined);
    this.waiters.releaseAll();
  }

  async close(options: { deleteFile?: boolean } = {}): Promise<void> {
    await this.stop();
    if (this.db.open && this.checkpoint > this.savedCheckpoint && this.state !== 'failed') {
      this.saveCheckpoint.run(this.definition.name, this.checkpoint.toString());
    }
    if (this.db.open) this.db.close();
    if (options.deleteFile) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(this.file + suffix, { force: true });
    }
  }
}
