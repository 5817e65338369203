import { CatalogCreated, catalogRegistryDecider } from '../domain';
import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, registryStream } from './catalog.streams';

export class CreateCatalogCommand extends Command<CatalogCreated['data']> {
  constructor(
    readonly context: CommandContext,
    readonly instanceId: string,
    readonly input: { catalogName: string; description?: string },
  ) {
    super();
  }
}

@CommandHandler(CreateCatalogCommand)
export class CreateCatalogCommandHandler implements ICommandHandler<CreateCatalogCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ context, instanceId, input }: CreateCatalogCommand): Promise<CatalogCreated['data']> {
    const { events } = await this.pipeline.run({
      stream: registryStream(context.tenant, instanceId),
      decider: catalogRegistryDecider,
      command: { type: 'CreateCatalog', catalogId: newId(), ...input, now: context.now.toISOString() },
      context,
    });
    return (events[0] as CatalogCreated).data;
  }
}
