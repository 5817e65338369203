import { SetMetadata } from '@nestjs/common';

export const ROUTE_SCOPE = 'engine:route-scope';

/**
 * Who a route serves. `tenant` (the default): a tenant's own data, so a key of tenant `*` has
 * nothing there. `engine`: what spans every tenant, for engine-wide keys only. `any`: both
 * (whoami; the event feed, which a tenant sees filtered to its own events).
 */
export type RouteScope = 'tenant' | 'engine' | 'any';

/** Global positions, engine metrics, shared read models: an engine-wide key is needed. */
export const EngineWide = () => SetMetadata(ROUTE_SCOPE, 'engine' satisfies RouteScope);

/** Served to tenant keys and engine-wide keys alike; the handler scopes what it answers. */
export const AnyScope = () => SetMetadata(ROUTE_SCOPE, 'any' satisfies RouteScope);
