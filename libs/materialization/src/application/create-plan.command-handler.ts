import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Granularity, planDecider, planSnapshotPolicy, RefreshType } from '../domain';
import { planStream } from './plan.streams';

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
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, plan }: CreatePlanCommand): Promise<CreatedPlan> {
    // A caller mirroring an existing CAN plan may bring its uuid; otherwise the engine names it.
    const { uuid, ...fields } = plan;
    const planId = uuid ?? randomUUID();
    const { state } = await this.pipeline.run({
      stream: planStream(context.tenant, planId),
      decider: planDecider,
      command: { type: 'CreatePlan', planId, ...fields, now: context.now.toISOString() },
      context,
      snapshot: planSnapshotPolicy,
    });
    if (state.status === 'absent') throw new Error(`plan ${planId} missing after creation`);
    const { name, refreshType, granularity, createdAt } = state;
    return { uuid: planId, name, refreshType, granularity, createdAt };
  }
}
