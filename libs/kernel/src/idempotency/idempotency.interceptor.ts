import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { from, Observable, of, switchMap, tap } from 'rxjs';
import { EngineRequest } from '../context/command-context';
import { KernelDatabase } from '../storage/kernel-database';

interface StoredResponse {
  request: string;
  status: number;
  content_type: string | null;
  body: string;
}

interface ReplyLike {
  statusCode: number;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  getHeader(name: string): unknown;
}

type Request = EngineRequest & { method: string; url: string; body?: unknown };

/**
 * `Idempotency-Key` on a write: the first response is recorded per tenant and key, and a retry
 * gets that response back without running the command again. Concurrent retries wait for the
 * first. (Event IDs derived from the same key make the store itself dedupe an append that
 * landed just before a crash, before the response could be recorded.)
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly find;
  private readonly save;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(kernel: KernelDatabase) {
    this.find = kernel.db.prepare<[string, string], StoredResponse>(
      'SELECT request, status, content_type, body FROM idempotency WHERE tenant = ? AND key = ?',
    );
    this.save = kernel.db.prepare(
      `INSERT OR IGNORE INTO idempotency (tenant, key, request, status, content_type, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.engine?.idempotencyKey;
    if (!key || request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const tenant = request.engine!.principal.tenant;
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    const fingerprint = fingerprintOf(request);
    const slot = `${tenant}\n${key}`;

    return from(this.inFlight.get(slot) ?? Promise.resolve()).pipe(
      switchMap(() => {
        const stored = this.find.get(tenant, key);
        if (stored) return of(this.replay(stored, fingerprint, reply));
        let release!: () => void;
        this.inFlight.set(slot, new Promise<void>((resolve) => (release = resolve)));
        return next.handle().pipe(
          tap({
            next: (body) => {
              const contentType = reply.getHeader('content-type');
              this.save.run(
                tenant,
                key,
                fingerprint,
                reply.statusCode,
                typeof contentType === 'string' ? contentType : null,
                JSON.stringify(body ?? null),
                new Date().toISOString(),
              );
            },
            finalize: () => {
              this.inFlight.delete(slot);
              release();
            },
          }),
        );
      }),
    );
  }

  private replay(stored: StoredResponse, fingerprint: string, reply: ReplyLike): unknown {
    reply.header('idempotent-replayed', 'true');
    if (stored.request !== fingerprint) {
      // Same key, different request: refuse rather than answer for a request we did not run.
      reply.status(422);
      return {
        error: 'IDEMPOTENCY_KEY_REUSED',
        message: 'This Idempotency-Key was used for a different request',
      };
    }
    reply.status(stored.status);
    if (stored.content_type) reply.header('content-type', stored.content_type);
    return JSON.parse(stored.body) as unknown;
  }
}

function fingerprintOf(request: Request): string {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}
