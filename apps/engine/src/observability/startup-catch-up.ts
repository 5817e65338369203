import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { ProjectionRegistry } from '@engine/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** How often catch-up progress is logged while projections are behind the start-up head. */
const PROGRESS_EVERY_MS = 5000;

/**
 * Follows the projections up to the store head as it was at start: logs progress as structured
 * lines, and tells readiness (`/health/ready`) when every read model has caught up.
 */
@Injectable()
export class StartupCatchUp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CatchUp');
  private caughtUp = false;
  private stopped = false;
  private target?: bigint;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRegistry,
  ) {}

  /** True once every live projection has processed the head the store had at start. */
  get done(): boolean {
    return this.caughtUp;
  }

  /** The start-up head (undefined until the store answered). */
  get head(): bigint | undefined {
    return this.target;
  }

  onApplicationBootstrap(): void {
    void this.follow();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async follow(): Promise<void> {
    await this.projections.ready;
    const started = Date.now();
    const head = await this.startHead();
    if (head === undefined) return;
    const behind = (await this.projections.status()).filter((s) => BigInt(s.checkpoint) < head);
    if (behind.length > 0) {
      this.logger.log({
        msg: 'projections catching up',
        event: 'catch-up-started',
        head: head.toString(),
        projections: behind.map((s) => ({ projection: s.name, checkpoint: s.checkpoint })),
      });
    }
    while (!(await this.projections.waitFor(head, PROGRESS_EVERY_MS))) {
      if (this.stopped) return;
      for (const status of await this.projections.status()) {
        if (BigInt(status.checkpoint) >= head || status.state === 'rebuilding') continue;
        this.logger.log({
          msg: 'catch-up progress',
          event: 'catch-up-progress',
          projection: status.name,
          state: status.state,
          checkpoint: status.checkpoint,
          target: head.toString(),
          remaining: (head - BigInt(status.checkpoint)).toString(),
          eventsPerSecond: status.eventsPerSecond,
        });
      }
    }
    if (this.stopped) return;
    this.caughtUp = true;
    this.logger.log({
      msg: 'projections caught up',
      event: 'catch-up-done',
      head: head.toString(),
      durationMs: Date.now() - started,
    });
  }

  /** The store's head, retried until the store answers (readiness stays false meanwhile). */
  private async startHead(): Promise<bigint | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      try {
        this.target = await this.store.headPosition();
        return this.target;
      } catch (error) {
        this.logger.warn({ msg: 'event store unreachable at start', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS).unref());
      }
    }
  }
}
