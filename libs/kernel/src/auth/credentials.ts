import { EngineRequest } from '../context/command-context';

type RequestLike = EngineRequest & { query?: unknown };

function header(request: RequestLike, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The key as each dialect sends it: Bearer (native, Druid), X-Auth-Token (LakeFormation),
 * Basic with the key as password (ClickHouse, Doris), CAN's auth-type/auth-value,
 * X-ClickHouse-Key, or ClickHouse's ?password= URL parameter.
 */
export function extractApiKey(request: RequestLike): string | undefined {
  const authorization = header(request, 'authorization');
  if (authorization) {
    const [scheme, ...rest] = authorization.trim().split(/\s+/);
    const value = rest.join(' ');
    if (/^bearer$/i.test(scheme) && value) return value;
    if (/^basic$/i.test(scheme) && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const password = colon < 0 ? decoded : decoded.slice(colon + 1);
      if (password) return password;
    }
  }
  const token = header(request, 'x-auth-token');
  if (token) return token;
  const canValue = header(request, 'auth-value');
  if (canValue) return canValue;
  const clickhouseKey = header(request, 'x-clickhouse-key');
  if (clickhouseKey) return clickhouseKey;
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query.password === 'string' && query.password) return query.password;
  return undefined;
}
