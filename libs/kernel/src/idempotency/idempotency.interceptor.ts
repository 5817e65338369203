import { EVENT_STORE, EventStore, IdempotencyKeyReusedError } from '@engine/eventstore';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { from, Observable, switchMap, tap } from 'rxjs';
import { EngineRequest, RequestIdempotency } from '../context/command-context';
import { RequestValidationError } from '../errors/kernel-errors';

/** Longest Idempotency-Key accepted; a longer one is refused (400), never ignored. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
}

type Request = EngineRequest & { method: string; url: string; body?: unknown };

/**
 * `Idempotency-Key` on a write. Nothing is kept here: the claim "this tenant's key was applied
 * with this request" is stored by the event store in the same append as the command's events
 * (see CommandPipeline), so every engine process on the store, before or after a crash, sees
 * it. A retry runs the handler again; the pipeline answers each of its commands with the change
 * the first attempt stored, from which the handler builds the same response. Here: the key's
 * limits, the request's fingerprint, and the 422 for a key its tenant used for another request.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** Retries arriving on this process while the first is running wait for it (ordering only). */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.engine || request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const key = keyOf(request);
    if (key === undefined) return next.handle();
    const tenant = request.engine.principal.tenant;
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    const idempotency: RequestIdempotency = { key, fingerprint: fingerprintOf(request), appends: new Map() };
    request.engine.idempotencyKey = key;
    request.engine.idempotency = idempotency;
    const slot = `${tenant}\n${key}`;
    const earlier = this.inFlight.get(slot) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.inFlight.set(slot, mine);

    return from(
      earlier.then(async () => {
        const claimed = await this.store.claimedFingerprint(tenant, key);
        if (claimed !== undefined && claimed !== idempotency.fingerprint)
          throw new IdempotencyKeyReusedError(key);
        if (claimed !== undefined) reply.header('idempotent-replayed', 'true');
      }),
    ).pipe(
      switchMap(() => next.handle()),
      tap({
        finalize: () => {
          if (this.inFlight.get(slot) === mine) this.inFlight.delete(slot);
          release();
        },
      }),
    );
  }
}

/** The request's key, undefined without one; a key breaking the limits is a 400 in the route's dialect. */
function keyOf(request: Request): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (Array.isArray(raw) && raw.length > 1) {
    throw new RequestValidationError(['Idempotency-Key must be given once']);
  }
  if (!value || value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RequestValidationError([
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (got ${value?.length ?? 0})`,
    ]);
  }
  return value;
}

function fingerprintOf(request: Request): string {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}
