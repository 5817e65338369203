import { SetMetadata } from '@nestjs/common';
import { Role } from '../config/engine-config';

export const PUBLIC_ROUTE = 'engine:public';
export const REQUIRED_ROLE = 'engine:required-role';

/** The route needs no API key (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Overrides the default (GET/HEAD: reader, anything else: operator). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
