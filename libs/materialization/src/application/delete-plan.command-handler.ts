import { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanCommandRunner } from './plan-command.runner';

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
  constructor(private readonly runner: PlanCommandRunner) {}

  /** `deleted` is false when the plan was already deleted (a retried DELETE). */
  async execute({ context, planId }: DeletePlanCommand): Promise<{ deleted: boolean }> {
    const { events } = await this.runner.run(context, { type: 'DeletePlan', planId });
    return { deleted: events.length > 0 };
  }
}
