import { CommandPipeline, type CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tabletDecider, tabletSnapshotPolicy } from '../domain';
import { tabletStream, type TabletOutcome } from './tablet.streams';

/** A load: the tablet gives the new rowset the next version. */
export class AddRowsetCommand extends Command<TabletOutcome> {
  constructor(
    readonly context: CommandContext,
    readonly tabletId: number,
    readonly rowset: { size: number; segments: number },
  ) {
    super();
  }
}

@CommandHandler(AddRowsetCommand)
export class AddRowsetCommandHandler implements ICommandHandler<AddRowsetCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ context, tabletId, rowset }: AddRowsetCommand): Promise<TabletOutcome> {
    return this.pipeline.run({
      stream: tabletStream(context.tenant, tabletId),
      decider: tabletDecider,
      command: { type: 'AddRowset', tabletId, ...rowset, now: context.now.toISOString() },
      context,
      snapshot: tabletSnapshotPolicy,
    });
  }
}
