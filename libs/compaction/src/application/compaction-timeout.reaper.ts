import {
  Clock,
  CommandContextFactory,
  CommandPipeline,
  ENGINE_CONFIG,
  type EngineConfig,
} from '@engine/kernel';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { isTabletError, tabletDecider, tabletSnapshotPolicy } from '../domain';
import { TabletStatusQueries } from '../read-models/tablet-status.queries';
import { tabletStream } from './tablet.streams';

/**
 * Fails compactions that no executor finished within COMPACTION_TIMEOUT_MS (an executor that
 * crashed, or an external one that never called back). Runs whichever executor is configured.
 * The read model only nominates candidates: the tablet's decider checks the deadline itself.
 */
@Injectable()
export class CompactionTimeoutReaper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CompactionTimeoutReaper');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly clock: Clock,
    private readonly contexts: CommandContextFactory,
    private readonly pipeline: CommandPipeline,
    private readonly queries: TabletStatusQueries,
  ) {}

  onApplicationBootstrap(): void {
    const { timeoutMs } = this.config.compaction;
    // A quarter of the timeout, so a compaction is failed at most ~25% late.
    const period = Math.min(5000, Math.max(50, Math.floor(timeoutMs / 4)));
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, period);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    const { timeoutMs } = this.config.compaction;
    let candidates;
    try {
      candidates = this.queries.runningSince(new Date(this.clock.now().getTime() - timeoutMs).toISOString());
    } catch {
      return; // the projection is not open yet
    }
    for (const { tenant, tabletId, compactionId } of candidates) {
      const context = this.contexts.system(tenant, 'executor');
      const now = context.now.toISOString();
      try {
        await this.pipeline.run({
          stream: tabletStream(context.tenant, tabletId),
          decider: tabletDecider,
          command: { type: 'TimeOutCompaction', tabletId, compactionId, timeoutMs, now },
          context,
          snapshot: tabletSnapshotPolicy,
        });
        this.logger.warn(`compaction ${compactionId} of tablet ${tabletId} (tenant ${tenant}) timed out`);
      } catch (error) {
        // Finished meanwhile, or the read model was behind: nothing to do.
        if (!isTabletError(error))
          this.logger.warn(`timing out ${compactionId} failed: ${(error as Error).message}`);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }
}
