import type { CommandContext } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { PartitionSelector, TableRef } from '../domain';
import { PartitionMoveProcess } from './partition-move.process';
import type { TableChange } from './run-table.command-handler';

/** MOVE PARTITION TO TABLE: a process over two streams (see PartitionMoveProcess). */
export class MovePartitionToTableCommand extends Command<TableChange> {
  constructor(
    readonly source: TableRef,
    readonly destination: TableRef,
    readonly partition: PartitionSelector,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(MovePartitionToTableCommand)
export class MovePartitionToTableCommandHandler implements ICommandHandler<
  MovePartitionToTableCommand,
  TableChange
> {
  constructor(private readonly process: PartitionMoveProcess) {}

  async execute({
    source,
    destination,
    partition,
    context,
  }: MovePartitionToTableCommand): Promise<TableChange> {
    return { events: await this.process.move(source, destination, partition, context) };
  }
}
