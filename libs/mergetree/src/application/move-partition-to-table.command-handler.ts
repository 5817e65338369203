import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MovePartitionToTableCommand, TableChange } from './mergetree.commands';
import { PartitionMoveProcess } from './partition-move.process';

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
