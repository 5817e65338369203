import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type {
  AttachPartitionFrom,
  FetchPart,
  FetchPartition,
  MergeTreeCommand,
  ReplacePartitionFrom,
  TableRef,
} from '../domain';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';
import type { TableChange } from './run-table.command-handler';
import { loadOtherTable, tableStream } from './table.streams';

type WithoutSource<C> = C extends unknown ? Omit<C, 'source'> : never;
export type SourcedCommand = WithoutSource<
  AttachPartitionFrom | ReplacePartitionFrom | FetchPartition | FetchPart
>;

/** ATTACH/REPLACE PARTITION FROM and FETCH: the handler reads the source table first. */
export class CopyFromTableCommand extends Command<TableChange> {
  constructor(
    readonly command: SourcedCommand,
    readonly sourceTable: TableRef,
    readonly context: CommandContext,
  ) {
    super();
  }
}

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
