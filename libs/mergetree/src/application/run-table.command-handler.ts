import { CommandContext, CommandPipeline, ProjectionRegistry } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { MergeTreeCommand, MergeTreeEvent, TableRef } from '../domain';
import { mergeTreeDecider, mergeTreeSnapshotPolicy } from '../domain';
import { PARTS_PROJECTION } from '../read-models/parts.projection';
import { tableStream } from './table.streams';

export interface TableChange {
  events: MergeTreeEvent[];
}

/**
 * Any command that only needs its own table's state: the ClickHouse dialect translates SQL into
 * the domain command union, so one Nest command carries it (ARCHITECTURE.md, "one handler per
 * command"); the commands that read another table have their own.
 */
export class RunTableCommand extends Command<TableChange> {
  constructor(
    readonly command: MergeTreeCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RunTableCommand)
export class RunTableCommandHandler implements ICommandHandler<RunTableCommand, TableChange> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projections: ProjectionRegistry,
  ) {}

  async execute({ command, context }: RunTableCommand): Promise<TableChange> {
    const outcome = await this.pipeline.run({
      stream: tableStream(context.tenant, command.table),
      decider: mergeTreeDecider,
      command: await this.withServerIncrement(command, context.tenant),
      context,
      snapshot: mergeTreeSnapshotPolicy,
    });
    return { events: outcome.events };
  }

  /**
   * FREEZE numbers backups with one server-wide increment (ClickHouse's shadow/increment.txt,
   * MergeTreeData::freezePartitionsByMatcher; BEHAVIOUR.md §6): the highest increment of the
   * tenant's tables, read from their states. Two FREEZEs of different tables at the same instant
   * may share a number; within one table the stream's version check keeps them apart.
   */
  private async withServerIncrement(command: MergeTreeCommand, tenant: string): Promise<MergeTreeCommand> {
    if (command.type !== 'FreezePartition' || command.serverIncrement !== undefined) return command;
    const tables = this.projections
      .database(PARTS_PROJECTION)
      .prepare('SELECT database, table_name AS "table" FROM tables WHERE tenant = ?')
      .all(tenant) as TableRef[];
    let serverIncrement = 0;
    for (const table of tables) {
      const { state } = await this.pipeline.load(
        tableStream(tenant, table),
        mergeTreeDecider,
        mergeTreeSnapshotPolicy,
      );
      serverIncrement = Math.max(serverIncrement, state.freezeIncrement);
    }
    return { ...command, serverIncrement };
  }
}
