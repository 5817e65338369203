import { tableDecider, TableInfo, tableSnapshotPolicy } from '../domain';
import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { missingTableError, TableRef, tableStream } from './catalog.streams';

export interface DeletedPartitions {
  table: TableInfo;
  partitions: { partitionId: string; values: string[] }[];
}

export class BatchDeletePartitionsCommand extends Command<DeletedPartitions> {
  constructor(
    readonly context: CommandContext,
    readonly ref: TableRef,
    readonly partitionValues: readonly (readonly string[])[],
  ) {
    super();
  }
}

@CommandHandler(BatchDeletePartitionsCommand)
export class BatchDeletePartitionsCommandHandler implements ICommandHandler<BatchDeletePartitionsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, ref, partitionValues }: BatchDeletePartitionsCommand): Promise<DeletedPartitions> {
    const { events, state } = await this.pipeline
      .run({
        stream: tableStream(context.tenant, ref),
        decider: tableDecider,
        snapshot: tableSnapshotPolicy,
        command: { type: 'DeletePartitions', partitionValues },
        context,
      })
      .catch(async (error: unknown) => {
        throw await missingTableError(this.pipeline, context.tenant, ref, error);
      });
    return {
      table: state.table!,
      partitions: events.flatMap((e) => (e.type === 'PartitionsDeleted' ? e.data.partitions : [])),
    };
  }
}
