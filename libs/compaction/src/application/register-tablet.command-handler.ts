import type { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RowsetSpec } from '../domain';
import { TabletCommandRunner, type TabletOutcome } from './tablet.command-runner';

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
  constructor(private readonly tablets: TabletCommandRunner) {}

  execute({ context, registration }: RegisterTabletCommand): Promise<TabletOutcome> {
    return this.tablets.run(context, {
      type: 'RegisterTablet',
      ...registration,
      now: context.now.toISOString(),
    });
  }
}
