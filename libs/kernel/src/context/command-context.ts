import type { Role } from '../config/engine-config';

export interface Principal {
  tenant: string;
  role: Role;
  /** Stable, non-secret name of the caller (a key fingerprint). */
  actor: string;
  /**
   * An engine-wide key: it may read and run what spans every tenant (global positions, engine
   * metrics, rebuilding shared read models). A key of tenant `*` is engine-wide only.
   */
  system?: boolean;
}

export interface CommandContext {
  tenant: string;
  actor: string;
  /** The API the command came through: druid, clickhouse, lakeformation, doris, can, native, executor. */
  source: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  /** The request's Idempotency-Key with its fingerprint (set by the idempotency interceptor). */
  idempotency?: RequestIdempotency;
  now: Date;
}

export interface RequestIdempotency {
  key: string;
  /** Hash of the request (method, URL, body): the same key with another request is refused. */
  fingerprint: string;
  /** How many appends this request has made per stream: numbers each claim within the request. */
  appends: Map<string, number>;
}

/** What the auth guard attaches to each request. */
export interface RequestEngineState {
  principal: Principal;
  correlationId?: string;
  idempotencyKey?: string;
  idempotency?: RequestIdempotency;
}

export interface EngineRequest {
  engine?: RequestEngineState;
  headers: Record<string, string | string[] | undefined>;
}

export function principalOf(request: EngineRequest): Principal {
  if (!request.engine) throw new Error('request was not authenticated by the engine guard');
  return request.engine.principal;
}
