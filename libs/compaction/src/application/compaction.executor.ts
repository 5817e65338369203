import { EVENT_STORE, type EventStore, type Subscription } from '@engine/eventstore';
import { CommandContextFactory, ENGINE_CONFIG, type EngineConfig, ProjectionRegistry } from '@engine/kernel';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isTabletError, type CompactionTriggered } from '../domain';
import type { CompactionRef } from '../read-models/tablet-status.queries';
import { TabletStatusQueries } from '../read-models/tablet-status.queries';
import { ConcurrencyLimit } from './concurrency-limit';
import {
  ReportCompactionProgressCommand,
  type CompactionProgress,
} from './report-compaction-progress.command-handler';

/** Commands in flight at once: overlaps store round trips without flooding the pipeline. */
const PARALLEL_COMMANDS = 32;
/** Compactions held at once (most of them sleeping out COMPACTION_DELAY_MS). */
const MAX_HELD = 20_000;

type Cause = { correlationId: string; eventId: string };

/**
 * The built-in compaction worker. Follows CompactionTriggered from the event store (never an
 * in-process bus), marks each compaction started, waits COMPACTION_DELAY_MS as the merge's
 * duration, and records its completion: all through the same commands an external executor
 * sends over HTTP, with source 'executor'. It resumes from the compaction-status projection's
 * applied position, picking up compactions triggered but not started before a restart; ones
 * started and lost in a crash are failed by the timeout reaper.
 */
@Injectable()
export class CompactionExecutor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CompactionExecutor');
  private readonly limit = new ConcurrencyLimit(PARALLEL_COMMANDS);
  private readonly held = new Set<Promise<void>>();
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopped = false;
  /** Last position the subscription delivered: where a dropped subscription resumes. */
  private position = 0n;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly contexts: CommandContextFactory,
    private readonly commandBus: CommandBus,
    private readonly queries: TabletStatusQueries,
    private readonly projections: ProjectionRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.compaction.executor !== 'builtin') return;
    this.loop = this.follow().catch((error: unknown) => {
      if (!this.stopped) this.logger.error(`stopped following compactions: ${(error as Error).message}`);
    });
  }

  private async follow(): Promise<void> {
    const start = await this.resumePoint();
    if (this.stopped) return;
    for (const ref of start.backlog) this.hold(ref);
    this.position = start.position;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.consume();
        return;
      } catch (error) {
        if (this.stopped) return;
        // A dropped subscription (store restart) resumes from the last position seen.
        const delay = Math.min(5000, 100 * 2 ** attempt);
        this.logger.warn(
          `subscription dropped (${(error as Error).message}); resuming from ${this.position} in ${delay} ms`,
        );
        await this.sleep(delay);
      }
    }
  }

  private async consume(): Promise<void> {
    this.subscription = this.store.subscribeAll({
      fromPosition: this.position,
      filter: { categories: ['tablet'], eventTypes: ['CompactionTriggered'] },
    });
    for await (const item of this.subscription) {
      if (this.stopped) break;
      if (item.kind !== 'event') {
        this.position = item.position;
        continue;
      }
      const { tabletId, compactionId } = item.event.data as CompactionTriggered['data'];
      const { tenant, correlationId } = item.event.metadata;
      while (this.held.size >= MAX_HELD) await Promise.race(this.held);
      this.hold({ tenant, tabletId, compactionId }, { correlationId, eventId: item.event.id });
      this.position = item.event.position;
    }
  }

  /** The projection's applied position and what was awaiting an executor there, read as one cut. */
  private async resumePoint(): Promise<{ position: bigint; backlog: CompactionRef[] }> {
    // The projection's database exists once the registry has started its runners (same bootstrap).
    await this.projections.ready;
    return { position: this.queries.appliedPosition(), backlog: this.queries.awaitingStart() };
  }

  private hold(ref: CompactionRef, cause?: Cause): void {
    const task = this.execute(ref, cause).finally(() => this.held.delete(task));
    this.held.add(task);
  }

  private async execute(ref: CompactionRef, cause?: Cause): Promise<void> {
    // Refused: another executor started it, or it already finished; either way not ours.
    if (!(await this.report(ref, { kind: 'start' }, cause))) return;
    await this.sleep(this.config.compaction.delayMs);
    if (this.stopped) return;
    await this.report(ref, { kind: 'complete' }, cause);
  }

  /** True when recorded; false when the tablet refused it. Other failures are left to the timeout. */
  private async report(ref: CompactionRef, progress: CompactionProgress, cause?: Cause): Promise<boolean> {
    try {
      await this.limit.run(() => {
        const context = this.contexts.system(ref.tenant, 'executor', cause);
        return this.commandBus.execute(
          new ReportCompactionProgressCommand(context, ref.tabletId, ref.compactionId, progress),
        );
      });
      return true;
    } catch (error) {
      if (!isTabletError(error) && !this.stopped) {
        this.logger.warn(
          `${progress.kind} of compaction ${ref.compactionId} failed: ${(error as Error).message}`,
        );
      }
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeping.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleeping.add(entry);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const { timer, wake } of this.sleeping) {
      clearTimeout(timer);
      wake();
    }
    this.sleeping.clear();
    await this.subscription?.close();
    await Promise.allSettled([...this.held, this.loop]);
  }
}
