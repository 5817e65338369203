import type { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TabletCommandRunner, type TabletOutcome } from './tablet.command-runner';

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
  constructor(private readonly tablets: TabletCommandRunner) {}

  execute({ context, tabletId, rowset }: AddRowsetCommand): Promise<TabletOutcome> {
    return this.tablets.run(context, {
      type: 'AddRowset',
      tabletId,
      ...rowset,
      now: context.now.toISOString(),
    });
  }
}
