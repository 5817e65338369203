import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planSnapshotPolicy, TimeRangeInput } from '../domain';
import { partitionsIn, planStream } from './plan.streams';

export interface ClearResult {
  /** Partitions that went from materialized to cleared. */
  cleared: number;
  /** A full-refresh plan cleared as a whole. */
  wholeTable: boolean;
}

export class ClearPartitionsCommand extends Command<ClearResult> {
  constructor(
    readonly context: CommandContext,
    readonly planId: string,
    readonly timeRange: readonly TimeRangeInput[],
  ) {
    super();
  }
}

@CommandHandler(ClearPartitionsCommand)
export class ClearPartitionsCommandHandler implements ICommandHandler<ClearPartitionsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, planId, timeRange }: ClearPartitionsCommand): Promise<ClearResult> {
    const { events } = await this.pipeline.run({
      stream: planStream(context.tenant, planId),
      decider: planDecider,
      command: { type: 'ClearPartitions', planId, timeRange, now: context.now.toISOString() },
      context,
      snapshot: planSnapshotPolicy,
    });
    const whole = events.find((e) => e.type === 'MaterializationPlanCleared');
    return {
      cleared: whole ? whole.data.partitionsCleared : partitionsIn(events, 'PartitionsCleared'),
      wholeTable: whole !== undefined,
    };
  }
}
