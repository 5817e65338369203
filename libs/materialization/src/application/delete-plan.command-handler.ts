import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planSnapshotPolicy } from '../domain';
import { planStream } from './plan.streams';

export class DeletePlanCommand extends Command<{ deleted: boolean }> {
  constructor(
    readonly context: CommandContext,
    readonly planId: string,
  ) {
    super();
  }
}

@CommandHandler(DeletePlanCommand)
export class DeletePlanCommandHandler implements ICommandHandler<DeletePlanCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** `deleted` is false when the plan was already deleted (a retried DELETE). */
  async execute({ context, planId }: DeletePlanCommand): Promise<{ deleted: boolean }> {
    const { events } = await this.pipeline.run({
      stream: planStream(context.tenant, planId),
      decider: planDecider,
      command: { type: 'DeletePlan', planId, now: context.now.toISOString() },
      context,
      snapshot: planSnapshotPolicy,
    });
    return { deleted: events.length > 0 };
  }
}
