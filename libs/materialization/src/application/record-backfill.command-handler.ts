import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planSnapshotPolicy, TimeRangeInput } from '../domain';
import { partitionsIn, planStream } from './plan.streams';

export interface BackfillResult {
  materialized: number;
  failed: number;
  /** A full-refresh plan became hit-able as a whole. */
  fullRefresh: boolean;
}

export class RecordBackfillCommand extends Command<BackfillResult> {
  constructor(
    readonly context: CommandContext,
    readonly planId: string,
    readonly runType: string,
    readonly successTimeRange: readonly TimeRangeInput[],
    readonly failedTimeRange: readonly TimeRangeInput[],
  ) {
    super();
  }
}

@CommandHandler(RecordBackfillCommand)
export class RecordBackfillCommandHandler implements ICommandHandler<RecordBackfillCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({
    context,
    planId,
    runType,
    successTimeRange,
    failedTimeRange,
  }: RecordBackfillCommand): Promise<BackfillResult> {
    const { events } = await this.pipeline.run({
      stream: planStream(context.tenant, planId),
      decider: planDecider,
      command: {
        type: 'RecordBackfill',
        planId,
        runType,
        successTimeRange,
        failedTimeRange,
        now: context.now.toISOString(),
      },
      context,
      snapshot: planSnapshotPolicy,
    });
    return {
      materialized: partitionsIn(events, 'PartitionsBackfilled'),
      failed: partitionsIn(events, 'PartitionsBackfillFailed'),
      fullRefresh: events.some((e) => e.type === 'MaterializationPlanRefreshed'),
    };
  }
}
