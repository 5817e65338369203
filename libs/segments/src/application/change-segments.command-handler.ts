import { streamName } from '@engine/eventstore';
import { CommandPipeline } from '@engine/kernel';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { segmentsDecider, SegmentsEvent, segmentsSnapshotPolicy } from '../domain';
import { ChangeSegmentsCommand, SegmentsChange } from './change-segments.command';

@CommandHandler(ChangeSegmentsCommand)
export class ChangeSegmentsCommandHandler implements ICommandHandler<ChangeSegmentsCommand, SegmentsChange> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ command, context }: ChangeSegmentsCommand): Promise<SegmentsChange> {
    const outcome = await this.pipeline.run({
      stream: streamName('datasource', context.tenant, command.datasource),
      decider: segmentsDecider,
      command,
      context,
      snapshot: segmentsSnapshotPolicy,
    });
    return { changed: countChanged(outcome.events) };
  }
}

export function countChanged(events: readonly SegmentsEvent[]): number {
  return events.reduce(
    (sum, e) => sum + (e.type === 'SegmentsPublished' ? e.data.segments.length : e.data.segmentIds.length),
    0,
  );
}
