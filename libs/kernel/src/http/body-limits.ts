import { RouteConfig } from '@nestjs/platform-fastify';
import { DEFAULT_JSON_LIMITS, JsonLimits } from './json-guard';

/** What one route accepts as a body: its size in bytes and the shape bounds of its JSON. */
export interface BodyLimits extends JsonLimits {
  bytes: number;
}

/**
 * Every route accepts 1 MiB unless it says otherwise: the dialects' single-item writes are a few
 * KB, and only batch APIs (Druid publish, LakeFormation batch-create) raise it.
 */
export const DEFAULT_BODY_LIMITS: BodyLimits = { bytes: 1024 * 1024, ...DEFAULT_JSON_LIMITS };

/** The key in a Fastify route's `config` that carries a route's own limits. */
export const BODY_LIMITS_CONFIG = 'engineBodyLimits';

/** Raises or lowers the body limits of one route (or every route of a controller's handler). */
export const BodyLimits = (limits: Partial<BodyLimits>) => RouteConfig({ [BODY_LIMITS_CONFIG]: limits });

/** The limits of the route a Fastify request matched. */
export function bodyLimitsOf(request: { routeOptions?: { config?: unknown } }): BodyLimits {
  const config = request.routeOptions?.config as Record<string, Partial<BodyLimits> | undefined> | undefined;
  return { ...DEFAULT_BODY_LIMITS, ...(config?.[BODY_LIMITS_CONFIG] ?? {}) };
}
