import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

export const TIME_TRAVEL_ROUTE = 'engine:time-travel';

export interface TimeTravelRoute {
  /** Stream category of the aggregate the route shows. */
  category: string;
  /** The aggregate's id from the route parameters (stream id components joined by `/`). */
  id: (params: Record<string, string>) => string;
}

/**
 * Marks a native state GET as answerable for the past: with `asOf=<ISO-8601>` or
 * `atPosition=<global position>` the audit module answers it from the family's own evolve,
 * replaying the aggregate's stream up to that point, instead of the live read model.
 */
export function TimeTravel(category: string, id: TimeTravelRoute['id']): MethodDecorator {
  return applyDecorators(
    SetMetadata(TIME_TRAVEL_ROUTE, { category, id } satisfies TimeTravelRoute),
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
