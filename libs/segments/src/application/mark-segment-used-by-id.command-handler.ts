import { CommandContext, CommandPipeline, ProjectionRegistry } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { segmentsDecider, segmentsSnapshotPolicy } from '../domain';
import { SEGMENT_USED, SegmentUsedQueries } from '../read-models';
import { countChanged, SegmentsChange } from './change-segments.command-handler';
import { datasourceStream } from './datasource.streams';

/** Druid's `POST /datasources/segments/{segmentId}`: the datasource is read from the ID. */
export class MarkSegmentUsedByIdCommand extends Command<SegmentsChange> {
  constructor(
    readonly segmentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

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
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ segmentId, context }: MarkSegmentUsedByIdCommand): Promise<SegmentsChange> {
    await this.projections.caughtUp([SEGMENT_USED]);
    const queries = new SegmentUsedQueries(this.projections.database(SEGMENT_USED));
    const found = queries.locate(context.tenant, segmentId, ['used', 'unused']);
    if (!found) return { changed: 0 };
    const outcome = await this.pipeline.run({
      stream: datasourceStream(context.tenant, found.datasource),
      decider: segmentsDecider,
      command: { type: 'MarkSegmentUsed', datasource: found.datasource, segmentId: found.id },
      context,
      snapshot: segmentsSnapshotPolicy,
    });
    return { changed: countChanged(outcome.events) };
  }
}
