import { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Granularity, RefreshType } from '../domain';
import { PlanCommandRunner } from './plan-command.runner';

export interface CreatedPlan {
  uuid: string;
  name: string;
  refreshType: RefreshType;
  granularity: Granularity;
  createdAt: string;
}

export class CreatePlanCommand extends Command<CreatedPlan> {
  constructor(
    readonly context: CommandContext,
    readonly plan: { name: string; refreshType: RefreshType; granularity: Granularity; uuid?: string },
  ) {
    super();
  }
}

@CommandHandler(CreatePlanCommand)
export class CreatePlanCommandHandler implements ICommandHandler<CreatePlanCommand> {
  constructor(private readonly runner: PlanCommandRunner) {}

  async execute({ context, plan }: CreatePlanCommand): Promise<CreatedPlan> {
    // A caller mirroring an existing CAN plan may bring its uuid; otherwise the engine names it.
    const { uuid, ...fields } = plan;
    const planId = uuid ?? randomUUID();
    const { state } = await this.runner.run(context, { type: 'CreatePlan', planId, ...fields });
    if (state.status === 'absent') throw new Error(`plan ${planId} missing after creation`);
    const { name, refreshType, granularity, createdAt } = state;
    return { uuid: planId, name, refreshType, granularity, createdAt };
  }
}
