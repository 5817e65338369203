import {
  AuthenticationError,
  AuthorizationError,
  EngineRequest,
  principalOf,
  RequestValidationError,
} from '@engine/kernel';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

const AUTH_TYPES = ['UID', 'TOKEN', 'ACCOUNT', 'APIKEY'];

/**
 * CAN names the tenant in `tenant-id`; it must be the tenant of the API key the kernel's guard
 * already authenticated (403 otherwise), so a key cannot act on another tenant's plans.
 */
@Injectable()
export class CanTenantGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<EngineRequest>();
    const authType = single(request.headers['auth-type']);
    // Required like tenant-id and auth-value (seed can-clear-partition: "auth-type String Yes";
    // BEHAVIOUR.md §6); an authentication header, so a 401 as for an unknown auth-type.
    if (!authType) throw new AuthenticationError('the auth-type header is required');
    if (!AUTH_TYPES.includes(authType.toUpperCase())) {
      throw new AuthenticationError(
        `Unsupported auth-type '${authType}'; use one of ${AUTH_TYPES.join(', ')}`,
      );
    }
    const tenant = single(request.headers['tenant-id']);
    if (!tenant) throw new RequestValidationError(['the tenant-id header is required']);
    if (tenant !== principalOf(request).tenant) {
      throw new AuthorizationError(`The API key does not belong to tenant '${tenant}'`);
    }
    return true;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
