import { EngineRequest, principalOf, TIME_TRAVEL_ROUTE, TimeTravelRoute } from '@engine/kernel';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, Observable } from 'rxjs';
import { parsePointInTime } from './point-in-time';
import { TimeTravelService } from './time-travel.service';

type Request = EngineRequest & {
  method: string;
  query: Record<string, unknown>;
  params: Record<string, string>;
};

/** Answers `@TimeTravel` routes asked with asOf/atPosition from the replayed stream. */
@Injectable()
export class TimeTravelInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly timeTravel: TimeTravelService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const route = this.reflector.get<TimeTravelRoute | undefined>(TIME_TRAVEL_ROUTE, context.getHandler());
    if (!route) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const point = parsePointInTime(request.query ?? {});
    if (!point) return next.handle();
    const tenant = principalOf(request).tenant;
    const id = route.id(request.params);
    const { present } = route;
    if (!present) return from(this.timeTravel.stateAt(route.category, tenant, id, point));
    // The route's live shape, from the replayed state: a past GET looks like a present one.
    return from(
      this.timeTravel
        .pastAt(route.category, tenant, id, point, route.historyOf)
        .then((past) => present(past, { params: request.params, query: request.query ?? {} })),
    );
  }
}
