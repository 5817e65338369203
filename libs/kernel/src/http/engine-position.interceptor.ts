import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { RequestValidationError } from '../errors/kernel-errors';
import { RequestPositions, runWithPositions } from '../projections/request-positions';
import { ReplyLike } from './reply-like';

/** The global position of a request's last appended event, on every write response. */
export const POSITION_HEADER = 'x-engine-position';
/** A read given this position (or `minPosition=`) waits until its read model shows it. */
export const MIN_POSITION_HEADER = 'x-engine-min-position';
export const MIN_POSITION_QUERY = 'minPosition';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
}

/**
 * The consistency model at the HTTP edge, for every dialect at once: runs the handler with the
 * request's positions in async context, so the pipeline records what it appended (answered as
 * `X-Engine-Position`) and the read-model gate (`ProjectionRegistry.caughtUp`) waits for the
 * minimum position the caller gave. Registered before the idempotency interceptor, so a
 * replayed response carries its stored position too.
 */
@Injectable()
export class EnginePositionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestLike>();
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    const positions: RequestPositions = {};
    const min = minPositionOf(request);
    if (min !== undefined) positions.minPosition = min;
    const answer = () => {
      if (positions.written !== undefined) reply.header(POSITION_HEADER, positions.written.toString());
    };
    return new Observable<unknown>((subscriber) =>
      runWithPositions(positions, () =>
        next
          .handle()
          .pipe(tap({ next: answer, error: answer }))
          .subscribe(subscriber),
      ),
    );
  }
}

/** The request's minimum position; a malformed one is a 400 in the route's dialect. */
function minPositionOf(request: RequestLike): bigint | undefined {
  const header = request.headers[MIN_POSITION_HEADER];
  const query = (request.query as Record<string, unknown> | undefined)?.[MIN_POSITION_QUERY];
  const values = [header, query].flat().filter((v): v is string => typeof v === 'string');
  let highest: bigint | undefined;
  for (const value of values) {
    if (!/^\d{1,20}$/.test(value)) {
      throw new RequestValidationError([
        `${MIN_POSITION_HEADER} / ${MIN_POSITION_QUERY} must be a global position (digits), got '${value.slice(0, 40)}'`,
      ]);
    }
    const position = BigInt(value);
    if (highest === undefined || position > highest) highest = position;
  }
  return highest;
}
