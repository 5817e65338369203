import { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TimeRangeInput } from '../domain';
import { partitionsIn, PlanCommandRunner } from './plan-command.runner';

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
  constructor(private readonly runner: PlanCommandRunner) {}

  async execute({ context, planId, timeRange }: ClearPartitionsCommand): Promise<ClearResult> {
    const { events } = await this.runner.run(context, { type: 'ClearPartitions', planId, timeRange });
    const whole = events.find((e) => e.type === 'MaterializationPlanCleared');
    return {
      cleared: whole ? whole.data.partitionsCleared : partitionsIn(events, 'PartitionsCleared'),
      wholeTable: whole !== undefined,
    };
  }
}
