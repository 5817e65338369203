import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ENGINE_CONFIG, EngineConfig, Role, ROLES, SYSTEM_TENANT } from '../config/engine-config';
import { EngineRequest } from '../context/command-context';
import { AuthenticationError, AuthorizationError } from '../errors/kernel-errors';
import { bodyRejectionOf, gateOutcomeOf } from '../http/body-parsers';
import { ApiKeyStore } from './api-key-store';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { authenticateRequest } from './request-authenticator';
import { ROUTE_SCOPE, RouteScope } from './route-scope';

type GuardedRequest = EngineRequest & { method: string; body?: unknown; query?: unknown };

/**
 * Authenticates every non-public route, checks the role and the route's scope, then rejects a
 * body the parsers refused (too large, malformed). The key was already checked before the body
 * was read (installAuthentication); this guard reuses that answer.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();

    const gated = gateOutcomeOf(request);
    const principal =
      gated === undefined ? authenticateRequest(request, this.keys, this.config) : (gated ?? undefined);
    if (!principal) throw new AuthenticationError();

    const required =
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'reader' : 'operator');
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(required)) {
      throw new AuthorizationError(
        `This operation needs the ${required} role; the key has ${principal.role}`,
      );
    }
    const scope = this.reflector.getAllAndOverride<RouteScope>(ROUTE_SCOPE, targets) ?? 'tenant';
    if (scope === 'engine' && !principal.system)
      throw new AuthorizationError('This operation spans every tenant and needs an engine-wide (system) key');
    if (scope === 'tenant' && principal.tenant === SYSTEM_TENANT)
      throw new AuthorizationError(
        "An engine-wide key (tenant '*') owns no tenant's data; use a tenant's key",
      );

    request.engine = {
      principal,
      correlationId: headerValue(request, 'x-correlation-id'),
      idempotencyKey: headerValue(request, 'idempotency-key'),
    };
    const rejected = bodyRejectionOf(request);
    if (rejected) throw rejected;
    return true;
  }
}

function headerValue(request: EngineRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 200 ? first : undefined;
}
