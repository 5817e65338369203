import { streamName } from '@engine/eventstore';
import { CommandContext, CommandOutcome, CommandPipeline } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import { PlanCommand, planDecider, PlanEvent, planSnapshotPolicy, PlanState } from '../domain';

type WithoutNow<C> = C extends PlanCommand ? Omit<C, 'now'> : never;
/** A plan command before the runner stamps the request time on it. */
export type PlanCommandBody = WithoutNow<PlanCommand>;

/** One plan = one stream `matplan-<tenant>/<uuid>`; every plan command goes through here. */
@Injectable()
export class PlanCommandRunner {
  constructor(private readonly pipeline: CommandPipeline) {}

  run(context: CommandContext, command: PlanCommandBody): Promise<CommandOutcome<PlanState, PlanEvent>> {
    return this.pipeline.run({
      stream: planStream(context.tenant, command.planId),
      decider: planDecider,
      command: { ...command, now: context.now.toISOString() } as PlanCommand,
      context,
      snapshot: planSnapshotPolicy,
    });
  }
}

export const planStream = (tenant: string, planId: string): string => streamName('matplan', tenant, planId);

/** How many partitions a decision listed in events of one type. */
export function partitionsIn(
  events: readonly PlanEvent[],
  type: 'PartitionsBackfilled' | 'PartitionsBackfillFailed' | 'PartitionsCleared',
): number {
  let n = 0;
  for (const event of events) if (event.type === type) n += event.data.partitions.length;
  return n;
}
