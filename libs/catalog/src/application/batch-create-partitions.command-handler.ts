import { Partition, PartitionSpec, tableDecider, TableInfo, tableSnapshotPolicy } from '../domain';
import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { missingTableError, partitionIdOf, TableRef, tableStream } from './catalog.streams';

export interface PartitionsOfTable {
  table: TableInfo;
  partitions: Partition[];
}

export class BatchCreatePartitionsCommand extends Command<PartitionsOfTable> {
  constructor(
    readonly context: CommandContext,
    readonly ref: TableRef,
    readonly ifNotExist: boolean,
    readonly partitions: readonly PartitionSpec[],
  ) {
    super();
  }
}

@CommandHandler(BatchCreatePartitionsCommand)
export class BatchCreatePartitionsCommandHandler implements ICommandHandler<BatchCreatePartitionsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({
    context,
    ref,
    ifNotExist,
    partitions,
  }: BatchCreatePartitionsCommand): Promise<PartitionsOfTable> {
    const stream = tableStream(context.tenant, ref);
    const { events, state } = await this.pipeline
      .run({
        stream,
        decider: tableDecider,
        snapshot: tableSnapshotPolicy,
        command: {
          type: 'BatchCreatePartitions',
          ifNotExist,
          // A literal, not `{ ...p, partitionId }`: adding a property to a spread copy is slow in V8.
          partitions: partitions.map((p) => ({
            values: p.values,
            createTime: p.createTime,
            lastAccessTime: p.lastAccessTime,
            parameters: p.parameters,
            storage: p.storage,
            partitionId: partitionIdOf(stream, p.values),
          })),
        },
        context,
      })
      .catch(async (error: unknown) => {
        throw await missingTableError(this.pipeline, context.tenant, ref, error);
      });
    return {
      table: state.table!,
      partitions: events.flatMap((e) => (e.type === 'PartitionsCreated' ? e.data.partitions : [])),
    };
  }
}
