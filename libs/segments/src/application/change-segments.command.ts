import { CommandContext } from '@engine/kernel';
import { Command } from '@nestjs/cqrs';
import { SegmentsCommand } from '../domain';

export interface SegmentsChange {
  /** Segments that really changed state (or were newly published). */
  changed: number;
}

/** Any command on one datasource's aggregate, whichever API it came through. */
export class ChangeSegmentsCommand extends Command<SegmentsChange> {
  constructor(
    readonly command: SegmentsCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Druid's `POST /datasources/segments/{segmentId}`: the datasource is read from the ID. */
export class MarkSegmentUsedByIdCommand extends Command<SegmentsChange> {
  constructor(
    readonly segmentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
