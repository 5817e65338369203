import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A caller's request id is echoed only when it is short and plain (it lands in logs and headers). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's genReqId: the caller's `X-Request-Id` when acceptable, a fresh UUID otherwise. */
export function requestIdOf(raw: IncomingMessage): string {
  const header = raw.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTED_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Which of the five APIs (or the engine's own) a path belongs to, from its prefix. */
export function dialectOf(path: string): string {
  if (path.startsWith('/druid/')) return 'druid';
  if (path === '/clickhouse' || path.startsWith('/clickhouse/') || path.startsWith('/clickhouse?'))
    return 'clickhouse';
  if (path.startsWith('/v1/')) return 'lakeformation';
  if (path.startsWith('/api/compaction')) return 'doris';
  if (path.startsWith('/anymetrics/')) return 'can';
  if (path.startsWith('/engine/')) return 'native';
  return 'ops';
}

/** The kind of credential a request carried (never its value), as extractApiKey reads them. */
export function credentialSchemeOf(headers: IncomingHttpHeaders, url: string): string {
  const authorization = headers.authorization;
  if (authorization) {
    const scheme = authorization.trim().split(/\s+/)[0]?.toLowerCase();
    if (scheme === 'bearer' || scheme === 'basic') return scheme;
    return 'unknown-authorization';
  }
  if (headers['x-auth-token']) return 'x-auth-token';
  if (headers['auth-value']) return 'can-auth-value';
  if (headers['x-clickhouse-key']) return 'x-clickhouse-key';
  if (/[?&]password=/.test(url)) return 'password-parameter';
  return 'none';
}

export interface RequestSummary {
  requestId: string;
  method: string;
  /** The route pattern (`/druid/coordinator/v1/datasources/:name`), never the raw path. */
  route: string;
  dialect: string;
  status: number;
  durationMs: number;
  tenant?: string;
  /** Fingerprint of the API key (first 12 hex digits of its SHA-256), never the key. */
  keyId?: string;
  /** Set when the request was refused for its credentials (401). */
  credentialScheme?: string;
}

type Principal = { tenant: string; actor: string };
type ObservedRequest = FastifyRequest & { engine?: { principal?: Principal } };

/**
 * Who a refused request's valid key belongs to: the auth guard refuses a role before it attaches
 * the principal, so a 403 is looked up in the key check's answer (never asked for a 401: an
 * unknown key's fingerprint could help guess a mistyped password).
 */
export type Identify = (request: FastifyRequest) => Principal | undefined;

function summarize(request: ObservedRequest, reply: FastifyReply, identify?: Identify): RequestSummary {
  const path = request.url.split('?')[0];
  const status = reply.statusCode;
  const principal = request.engine?.principal ?? (status === 403 ? identify?.(request) : undefined);
  return {
    requestId: String(request.id),
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    dialect: dialectOf(path),
    status,
    durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
    ...(principal ? { tenant: principal.tenant, keyId: principal.actor.replace(/^key:/, '') } : {}),
    ...(status === 401 ? { credentialScheme: credentialSchemeOf(request.headers, request.url) } : {}),
  };
}

/**
 * Echoes the request id on every response (errors included, hence onRequest) and hands each
 * finished request to the observers (access log, HTTP metrics).
 */
export function installRequestObservability(
  fastify: FastifyInstance,
  observers: readonly ((summary: RequestSummary) => void)[],
  identify?: Identify,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const summary = summarize(request, reply, identify);
    for (const observe of observers) observe(summary);
    done();
  });
}
