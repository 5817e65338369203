import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ENGINE_CONFIG, EngineConfig, Role, ROLES } from '../config/engine-config';
import { EngineRequest } from '../context/command-context';
import { AuthenticationError, AuthorizationError, MalformedBodyError } from '../errors/kernel-errors';
import { MALFORMED_BODY, MalformedBody } from '../http/body-parsers';
import { ApiKeyStore } from './api-key-store';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { extractApiKey } from './credentials';

type GuardedRequest = EngineRequest & { method: string; body?: unknown; query?: unknown };

/** Authenticates every non-public route, checks the role, and rejects unparseable bodies. */
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

    const principal = this.config.auth
      ? this.keys.authenticate(extractApiKey(request) ?? '')
      : { tenant: 'default', role: 'admin' as const, actor: 'anonymous' };
    if (!principal) throw new AuthenticationError();

    const required =
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'reader' : 'operator');
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(required)) {
      throw new AuthorizationError(
        `This operation needs the ${required} role; the key has ${principal.role}`,
      );
    }

    request.engine = {
      principal,
      correlationId: headerValue(request, 'x-correlation-id'),
      idempotencyKey: headerValue(request, 'idempotency-key'),
    };
    const body = request.body as MalformedBody | undefined;
    if (body && typeof body === 'object' && MALFORMED_BODY in body)
      throw new MalformedBodyError(body[MALFORMED_BODY]);
    return true;
  }
}

function headerValue(request: EngineRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 200 ? first : undefined;
}
