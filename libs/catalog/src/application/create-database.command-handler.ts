import { catalogRegistryDecider, DatabaseCreated } from '../domain';
import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, registryStream } from './catalog.streams';

export class CreateDatabaseCommand extends Command<DatabaseCreated['data']> {
  constructor(
    readonly context: CommandContext,
    readonly instanceId: string,
    readonly input: { catalogName: string; databaseName: string; description?: string; location?: string },
  ) {
    super();
  }
}

@CommandHandler(CreateDatabaseCommand)
export class CreateDatabaseCommandHandler implements ICommandHandler<CreateDatabaseCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, instanceId, input }: CreateDatabaseCommand): Promise<DatabaseCreated['data']> {
    const { events } = await this.pipeline.run({
      stream: registryStream(context.tenant, instanceId),
      decider: catalogRegistryDecider,
      command: { type: 'CreateDatabase', databaseId: newId(), ...input, now: context.now.toISOString() },
      context,
    });
    return (events[0] as DatabaseCreated).data;
  }
}
