import type { Logger } from 'pino';
import type { RequestSummary } from './request-observability';

/**
 * One `access` line per request, and an `auth` warning for refused credentials: which scheme was
 * tried, never the key (a wrong key is often a real key pasted in the wrong place).
 */
export function accessLog(logger: Logger): (summary: RequestSummary) => void {
  const access = logger.child({ type: 'access' });
  const auth = logger.child({ type: 'auth' });
  return (summary) => {
    access.info(summary, 'request completed');
    if (summary.status === 401) {
      auth.warn(
        {
          event: 'authentication-failed',
          requestId: summary.requestId,
          dialect: summary.dialect,
          route: summary.route,
          credentialScheme: summary.credentialScheme,
        },
        'authentication failed',
      );
    } else if (summary.status === 403) {
      auth.warn(
        {
          event: 'authorization-denied',
          requestId: summary.requestId,
          dialect: summary.dialect,
          route: summary.route,
          tenant: summary.tenant,
          keyId: summary.keyId,
        },
        'request denied for the key',
      );
    }
  };
}
