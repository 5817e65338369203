import type { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CompactionType } from '../domain';
import { TabletCommandRunner, type TabletOutcome } from './tablet.command-runner';

export class TriggerCompactionCommand extends Command<TabletOutcome> {
  constructor(
    readonly context: CommandContext,
    readonly tabletId: number,
    readonly compactionType: CompactionType,
  ) {
    super();
  }
}

/** The compaction id is the command id: unique, and stable across an idempotent retry. */
export function compactionIdOf(context: CommandContext, tabletId: number, perTablet: boolean): string {
  return perTablet ? `${context.commandId}.${tabletId}` : context.commandId;
}

@CommandHandler(TriggerCompactionCommand)
export class TriggerCompactionCommandHandler implements ICommandHandler<TriggerCompactionCommand> {
  constructor(private readonly tablets: TabletCommandRunner) {}

  execute({ context, tabletId, compactionType }: TriggerCompactionCommand): Promise<TabletOutcome> {
    return this.tablets.run(context, {
      type: 'TriggerCompaction',
      tabletId,
      compactionId: compactionIdOf(context, tabletId, false),
      compactionType,
      now: context.now.toISOString(),
    });
  }
}
