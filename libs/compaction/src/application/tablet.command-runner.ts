import { streamName } from '@engine/eventstore';
import { CommandPipeline, type CommandContext, type CommandOutcome } from '@engine/kernel';
import { Injectable } from '@nestjs/common';
import {
  tabletDecider,
  tabletSnapshotPolicy,
  type TabletCommand,
  type TabletEvent,
  type TabletState,
} from '../domain';

export type TabletOutcome = CommandOutcome<TabletState, TabletEvent>;

/** Runs a tablet command through the kernel pipeline on stream `tablet-<tenant>/<tablet_id>`. */
@Injectable()
export class TabletCommandRunner {
  constructor(private readonly pipeline: CommandPipeline) {}

  run(context: CommandContext, command: TabletCommand): Promise<TabletOutcome> {
    return this.pipeline.run({
      stream: streamName('tablet', context.tenant, String(command.tabletId)),
      decider: tabletDecider,
      command,
      context,
      snapshot: tabletSnapshotPolicy,
    });
  }
}
