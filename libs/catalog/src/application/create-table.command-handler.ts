import {
  catalogRegistryDecider,
  findDatabase,
  TableCreated,
  tableDecider,
  TableInfo,
  tableSnapshotPolicy,
} from '../domain';
import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, registryStream, TableRef, tableStream } from './catalog.streams';

export type TableDefinition = Pick<TableInfo, 'tableType' | 'partitionKeys' | 'storage' | 'description'>;

export class CreateTableCommand extends Command<TableInfo> {
  constructor(
    readonly context: CommandContext,
    readonly ref: TableRef,
    readonly definition: TableDefinition,
  ) {
    super();
  }
}

/** Resolves the parents' ids from the registry, then creates the table in its own stream. */
@CommandHandler(CreateTableCommand)
export class CreateTableCommandHandler implements ICommandHandler<CreateTableCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, ref, definition }: CreateTableCommand): Promise<TableInfo> {
    const registry = await this.pipeline.load(
      registryStream(context.tenant, ref.instanceId),
      catalogRegistryDecider,
    );
    const { catalog, database } = findDatabase(registry.state, ref.catalogName, ref.databaseName);
    const { events } = await this.pipeline.run({
      stream: tableStream(context.tenant, ref),
      decider: tableDecider,
      snapshot: tableSnapshotPolicy,
      command: {
        type: 'CreateTable',
        table: {
          ...definition,
          tableId: newId(),
          tableName: ref.tableName,
          catalogId: catalog.catalogId,
          catalogName: catalog.catalogName,
          databaseId: database.databaseId,
          databaseName: database.databaseName,
        },
        now: context.now.toISOString(),
      },
      context,
    });
    const { schemaVersion: _, ...table } = (events[0] as TableCreated).data;
    return table;
  }
}
