import { AuthorizationError, EngineRequest, principalOf } from '@engine/kernel';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

/** project_id in the path is the tenant: a token of another tenant is refused (403). */
@Injectable()
export class ProjectTenantGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<EngineRequest & { params: { project_id?: string } }>();
    if (principalOf(request).tenant !== request.params.project_id) {
      throw new AuthorizationError(
        'X-Auth-Token is invalid in the request: it does not belong to this project',
      );
    }
    return true;
  }
}
