import {
  assertNever,
  CommandPipeline,
  ENGINE_CONFIG,
  type CommandContext,
  type EngineConfig,
} from '@engine/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tabletDecider, tabletSnapshotPolicy, type TabletCommand } from '../domain';
import { tabletStream, type TabletOutcome } from './tablet.streams';

export type CompactionProgress =
  | { kind: 'start' }
  | { kind: 'complete'; output?: { size: number; segments: number } }
  | { kind: 'fail'; reason: string };

/** What a compaction executor (external, or the built-in one) reports about a compaction. */
export class ReportCompactionProgressCommand extends Command<TabletOutcome> {
  constructor(
    readonly context: CommandContext,
    readonly tabletId: number,
    readonly compactionId: string,
    readonly progress: CompactionProgress,
  ) {
    super();
  }
}

@CommandHandler(ReportCompactionProgressCommand)
export class ReportCompactionProgressCommandHandler implements ICommandHandler<ReportCompactionProgressCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  execute({
    context,
    tabletId,
    compactionId,
    progress,
  }: ReportCompactionProgressCommand): Promise<TabletOutcome> {
    return this.pipeline.run({
      stream: tabletStream(context.tenant, tabletId),
      decider: tabletDecider,
      command: this.toCommand(tabletId, compactionId, progress, context.now.toISOString()),
      context,
      snapshot: tabletSnapshotPolicy,
    });
  }

  private toCommand(
    tabletId: number,
    compactionId: string,
    progress: CompactionProgress,
    now: string,
  ): TabletCommand {
    switch (progress.kind) {
      case 'start':
        return { type: 'StartCompaction', tabletId, compactionId, now };
      case 'complete': {
        const { promotionSize } = this.config.compaction;
        return {
          type: 'CompleteCompaction',
          tabletId,
          compactionId,
          promotionSize,
          output: progress.output,
          now,
        };
      }
      case 'fail':
        return { type: 'FailCompaction', tabletId, compactionId, reason: progress.reason, now };
      default:
        return assertNever(progress);
    }
  }
}
