import { CommandPipeline, type CommandContext } from '@engine/kernel';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tabletDecider, tabletSnapshotPolicy, type CompactionType } from '../domain';
import { tabletStream, type TabletOutcome } from './tablet.streams';

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
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ context, tabletId, compactionType }: TriggerCompactionCommand): Promise<TabletOutcome> {
    return this.pipeline.run({
      stream: tabletStream(context.tenant, tabletId),
      decider: tabletDecider,
      command: {
        type: 'TriggerCompaction',
        tabletId,
        compactionId: compactionIdOf(context, tabletId, false),
        compactionType,
        now: context.now.toISOString(),
      },
      context,
      snapshot: tabletSnapshotPolicy,
    });
  }
}
