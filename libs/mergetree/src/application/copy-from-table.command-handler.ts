import { CommandPipeline } from '@engine/kernel';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { MergeTreeCommand } from '../domain';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';
import { CopyFromTableCommand, TableChange } from './mergetree.commands';
import { loadOtherTable, tableStream } from './table-stream.helper';

@CommandHandler(CopyFromTableCommand)
export class CopyFromTableCommandHandler implements ICommandHandler<CopyFromTableCommand, TableChange> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ command, sourceTable, context }: CopyFromTableCommand): Promise<TableChange> {
    // The source is read, not changed: its state at this moment is what gets copied.
    const source = await loadOtherTable(this.pipeline, context.tenant, sourceTable);
    const outcome = await this.pipeline.run({
      stream: tableStream(context.tenant, command.table),
      decider: mergeTreeDecider,
      command: { ...command, source } as MergeTreeCommand,
      context,
      snapshot: mergeTreeSnapshotPolicy,
    });
    return { events: outcome.events };
  }
}
