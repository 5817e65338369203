import { CommandContext, CommandPipeline } from '@engine/kernel';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SegmentsCommand, segmentsDecider, SegmentsEvent, segmentsSnapshotPolicy } from '../domain';
import { datasourceStream } from './datasource.streams';

export interface SegmentsChange {
  /** Segments that really changed state (or were newly published). */
  changed: number;
}

/**
 * Any command on one datasource's aggregate, whichever API it came through: every segments
 * command needs only its own stream and answers the same count, so one Nest command carries the
 * domain command union (ARCHITECTURE.md, "one handler per command").
 */
export class ChangeSegmentsCommand extends Command<SegmentsChange> {
  constructor(
    readonly command: SegmentsCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeSegmentsCommand)
export class ChangeSegmentsCommandHandler implements ICommandHandler<ChangeSegmentsCommand, SegmentsChange> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ command, context }: ChangeSegmentsCommand): Promise<SegmentsChange> {
    const outcome = await this.pipeline.run({
      stream: datasourceStream(context.tenant, command.datasource),
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
