import { CommandPipeline, type CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tabletDecider, tabletSnapshotPolicy, type RowsetSpec } from '../domain';
import { tabletStream, type TabletOutcome } from './tablet.streams';

export interface TabletRegistration {
  tabletId: number;
  tableId: number;
  schemaHash: number;
  rowsets: RowsetSpec[];
  cumulativePoint?: number;
}

export class RegisterTabletCommand extends Command<TabletOutcome> {
  constructor(
    readonly context: CommandContext,
    readonly registration: TabletRegistration,
  ) {
    super();
  }
}

@CommandHandler(RegisterTabletCommand)
export class RegisterTabletCommandHandler implements ICommandHandler<RegisterTabletCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ context, registration }: RegisterTabletCommand): Promise<TabletOutcome> {
    return this.pipeline.run({
      stream: tabletStream(context.tenant, registration.tabletId),
      decider: tabletDecider,
      command: { type: 'RegisterTablet', ...registration, now: context.now.toISOString() },
      context,
      snapshot: tabletSnapshotPolicy,
    });
  }
}
