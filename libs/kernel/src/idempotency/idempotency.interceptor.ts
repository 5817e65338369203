import { EVENT_STORE, EventStore, IdempotencyKeyReusedError, StoredResponse } from '@engine/eventstore';
import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { concatMap, from, Observable, of, switchMap, tap } from 'rxjs';
import { EngineRequest, RequestIdempotency } from '../context/command-context';
import { RequestValidationError } from '../errors/kernel-errors';
import { ReplyLike } from '../http/reply-like';
import { currentPositions, noteWrittenPosition } from '../projections/request-positions';

/** Longest Idempotency-Key accepted; a longer one is refused (400), never ignored. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Fastify's request: `raw` is Node's message, with the header lines as sent. */
type Request = EngineRequest & { method: string; url: string; body?: unknown; raw: { rawHeaders: string[] } };

/**
 * `Idempotency-Key` on a write. Nothing is kept in this process: the claim "this tenant's key
 * was applied with this request" is stored by the event store in the same append as the
 * command's events (see CommandPipeline), and the response after it, so every engine process
 * on the store, before or after a crash, sees both. A retry gets the stored response verbatim;
 * when there is none yet (a crash between the append and the response, or the first attempt
 * still running elsewhere) the handler runs again and the pipeline answers each of its commands
 * with the change already stored instead of deciding it again. A key its tenant used for
 * another request is refused (422); a key breaking the limits is a 400.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** Retries arriving on this process while the first is running wait for it (ordering only). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly logger = new Logger('Idempotency');

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

    return from(earlier.then(() => this.store.idempotencyRecord(tenant, key))).pipe(
      switchMap((record) => {
        if (record && record.fingerprint !== idempotency.fingerprint)
          throw new IdempotencyKeyReusedError(key);
        if (record) reply.header('idempotent-replayed', 'true');
        if (record?.response) return of(replay(record.response, reply));
        return next.handle().pipe(concatMap((body) => this.save(tenant, idempotency, reply, body)));
      }),
      tap({
        finalize: () => {
          if (this.inFlight.get(slot) === mine) this.inFlight.delete(slot);
          release();
        },
      }),
    );
  }

  private async save(
    tenant: string,
    idempotency: RequestIdempotency,
    reply: ReplyLike,
    body: unknown,
  ): Promise<unknown> {
    const contentType = reply.getHeader('content-type');
    const written = currentPositions()?.written;
    const response: StoredResponse = {
      status: reply.statusCode,
      ...(typeof contentType === 'string' ? { contentType } : {}),
      body: JSON.stringify(body ?? null),
      ...(written === undefined ? {} : { position: written.toString() }),
    };
    try {
      await this.store.saveResponse(tenant, idempotency.key, idempotency.fingerprint, response);
    } catch (error) {
      // The change itself is stored with its claim: a retry rebuilds the outcome from it.
      this.logger.warn(`response for an Idempotency-Key not stored: ${(error as Error).message}`);
    }
    return body;
  }
}

function replay(stored: StoredResponse, reply: ReplyLike): unknown {
  reply.status(stored.status);
  if (stored.contentType) reply.header('content-type', stored.contentType);
  // Answered as X-Engine-Position by EnginePositionInterceptor, as the first response was.
  if (stored.position !== undefined) noteWrittenPosition(BigInt(stored.position));
  return JSON.parse(stored.body) as unknown;
}

/** The request's key, undefined without one; a key breaking the limits is a 400 in the route's dialect. */
function keyOf(request: Request): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  // Node joins a repeated header into one value ('one, two'): count the lines as sent.
  if (Array.isArray(value) || linesNamed(request, 'idempotency-key') > 1) {
    throw new RequestValidationError(['Idempotency-Key must be given once']);
  }
  if (!value || value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RequestValidationError([
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (got ${value.length})`,
    ]);
  }
  return value;
}

/** How many header lines of that (lower-case) name the request carried. */
function linesNamed(request: Request, name: string): number {
  const raw = request.raw.rawHeaders;
  return raw.filter((line, i) => i % 2 === 0 && line.toLowerCase() === name).length;
}

function fingerprintOf(request: Request): string {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}
