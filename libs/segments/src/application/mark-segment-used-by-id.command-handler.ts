import { ProjectionRegistry } from '@engine/kernel';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SEGMENT_USED, SegmentUsedQueries } from '../read-models';
import { ChangeSegmentsCommand, MarkSegmentUsedByIdCommand, SegmentsChange } from './change-segments.command';

/**
 * Finds which of the tenant's datasources the ID names (most probable reading first, from the
 * read model, which is current after every command's read-your-writes wait), then revives it there.
 */
@CommandHandler(MarkSegmentUsedByIdCommand)
export class MarkSegmentUsedByIdCommandHandler implements ICommandHandler<
  MarkSegmentUsedByIdCommand,
  SegmentsChange
> {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly commandBus: CommandBus,
  ) {}

  async execute({ segmentId, context }: MarkSegmentUsedByIdCommand): Promise<SegmentsChange> {
    await this.projections.caughtUp([SEGMENT_USED]);
    const queries = new SegmentUsedQueries(this.projections.database(SEGMENT_USED));
    const found = queries.locate(context.tenant, segmentId, ['used', 'unused']);
    if (!found) return { changed: 0 };
    return this.commandBus.execute(
      new ChangeSegmentsCommand(
        { type: 'MarkSegmentUsed', datasource: found.datasource, segmentId: found.id },
        context,
      ),
    );
  }
}
