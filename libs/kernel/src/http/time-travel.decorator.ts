import type { RecordedEvent } from '@engine/eventstore';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

export const TIME_TRAVEL_ROUTE = 'engine:time-travel';

/** An aggregate replayed up to a point in the past, for a route to present like its live answer. */
export interface PastAggregate<S = unknown> {
  /** The family's own state, folded by its evolve. */
  state: S;
  /** Revision of the last event folded in; -1n before the first. */
  revision: bigint;
  lastEvent?: RecordedEvent;
  /** The aggregate's first event (its creation), when it existed at that point. */
  firstEvent?: RecordedEvent;
  /** The last event that changed a subject (`kind`, `key` as the family's audit describes them). */
  lastChange(kind: string, key: string): RecordedEvent | undefined;
  /**
   * Every event that touched a subject, oldest first; kept only for the kinds the route lists in
   * `historyOf` (a datasource may have a million segments), empty for the others.
   */
  history(kind: string, key: string): readonly RecordedEvent[];
  /** Keys of the subjects of a kind listed in `historyOf`, in the order they first appeared. */
  subjects(kind: string): readonly string[];
}

export interface TimeTravelRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
}

export interface TimeTravelRoute {
  /** Stream category of the aggregate the route shows. */
  category: string;
  /** The aggregate's id from the route parameters (stream id components joined by `/`). */
  id: (params: Record<string, string>) => string;
  /**
   * Renders the past state in the route's live shape, so a time-travel GET answers the same
   * envelope as the plain GET. Without it the answer is the audit state view.
   */
  present?: (past: PastAggregate, request: TimeTravelRequest) => unknown;
  /** Subject kinds whose whole history `present` needs (see PastAggregate.history). */
  historyOf?: readonly string[];
}

/**
 * Marks a native state GET as answerable for the past: with `asOf=<ISO-8601>` or
 * `atPosition=<global position>` the audit module answers it from the family's own evolve,
 * replaying the aggregate's stream up to that point, instead of the live read model.
 */
export function TimeTravel<S>(
  category: string,
  id: TimeTravelRoute['id'],
  present?: (past: PastAggregate<S>, request: TimeTravelRequest) => unknown,
  historyOf?: readonly string[],
): MethodDecorator {
  return applyDecorators(
    SetMetadata(TIME_TRAVEL_ROUTE, { category, id, present, historyOf } as TimeTravelRoute),
    ApiQuery({
      name: 'asOf',
      required: false,
      description: 'ISO-8601 instant: answer with the state as of then',
    }),
    ApiQuery({
      name: 'atPosition',
      required: false,
      description: 'global position: the state after that event',
    }),
  );
}
