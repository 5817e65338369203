import { CommandPipeline } from '@engine/kernel';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';
import { RunTableCommand, TableChange } from './mergetree.commands';
import { tableStream } from './table-stream.helper';

@CommandHandler(RunTableCommand)
export class RunTableCommandHandler implements ICommandHandler<RunTableCommand, TableChange> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ command, context }: RunTableCommand): Promise<TableChange> {
    const outcome = await this.pipeline.run({
      stream: tableStream(context.tenant, command.table),
      decider: mergeTreeDecider,
      command,
      context,
      snapshot: mergeTreeSnapshotPolicy,
    });
    return { events: outcome.events };
  }
}
