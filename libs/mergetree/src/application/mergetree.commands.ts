import type { CommandContext } from '@engine/kernel';
import { Command } from '@nestjs/cqrs';
import type {
  AttachPartitionFrom,
  FetchPart,
  FetchPartition,
  MergeTreeCommand,
  MergeTreeEvent,
  PartitionSelector,
  ReplacePartitionFrom,
  TableRef,
} from '../domain';

export interface TableChange {
  events: MergeTreeEvent[];
}

/** Any command that only needs its own table's state. */
export class RunTableCommand extends Command<TableChange> {
  constructor(
    readonly command: MergeTreeCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

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
