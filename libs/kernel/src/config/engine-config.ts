import * as path from 'node:path';

export type Role = 'reader' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'operator', 'admin'];

/** The tenant of an engine-wide key in API_KEYS (`key:*:role`): it owns no tenant's data. */
export const SYSTEM_TENANT = '*';

export interface ApiKeySpec {
  key: string;
  tenant: string;
  role: Role;
}

export interface EngineConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreConnectionString?: string;
  /** Undefined: keys live hashed in DATA_DIR (one admin key is generated on first start). */
  apiKeys?: ApiKeySpec[];
  auth: boolean;
  readYourWritesTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sqliteSynchronous: 'FULL' | 'NORMAL' | 'OFF';
  aggregateCacheSize: number;
  /** A projection further behind than this catches up in a worker thread of its own (0: never). */
  projectionWorkerCatchUp: number;
  /** Where live projections run on the SQLite store: a read-side worker thread, or the main thread. */
  projectionThread: 'worker' | 'main';
  compaction: {
    executor: 'builtin' | 'external';
    delayMs: number;
    timeoutMs: number;
    promotionSize: number;
  };
}

export const ENGINE_CONFIG = Symbol('ENGINE_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** Reads the environment once at start; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!match) problems.push(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
    return match ?? fallback;
  };

  const host = env.HOST || '127.0.0.1';
  const auth = oneOf('AUTH', ['on', 'off'] as const, 'on') === 'on';
  if (!auth && !LOOPBACK.test(host))
    problems.push(`AUTH=off is only allowed when HOST is loopback, got HOST=${host}`);

  const connection = env.EVENTSTORE_CONNECTION_STRING || undefined;
  if (connection && !/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//.test(connection)) {
    problems.push(
      `EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://, got '${connection}'`,
    );
  }

  const config: EngineConfig = {
    port: int('PORT', 8080, 0, 65535),
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    eventStoreConnectionString: connection,
    apiKeys: parseApiKeys(env.API_KEYS, problems),
    auth,
    // READ_WAIT_MS; READ_YOUR_WRITES_TIMEOUT_MS is its former name, still read.
    readYourWritesTimeoutMs: int(
      env.READ_WAIT_MS === undefined && env.READ_YOUR_WRITES_TIMEOUT_MS !== undefined
        ? 'READ_YOUR_WRITES_TIMEOUT_MS'
        : 'READ_WAIT_MS',
      5000,
      0,
      600000,
    ),
    logLevel: oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL', 'OFF'] as const, 'FULL'),
    aggregateCacheSize: int('AGGREGATE_CACHE_SIZE', 1000, 0),
    projectionWorkerCatchUp: int('PROJECTION_WORKER_CATCH_UP', 20_000, 0),
    projectionThread: oneOf('PROJECTION_THREAD', ['worker', 'main'] as const, 'worker'),
    compaction: {
      executor: oneOf('COMPACTION_EXECUTOR', ['builtin', 'external'] as const, 'builtin'),
      delayMs: int('COMPACTION_DELAY_MS', 0, 0),
      timeoutMs: int('COMPACTION_TIMEOUT_MS', 600000, 1),
      promotionSize: int('COMPACTION_PROMOTION_SIZE', 64 * 1024 * 1024, 0),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseApiKeys(raw: string | undefined, problems: string[]): ApiKeySpec[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const specs: ApiKeySpec[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [key, tenant, role, ...rest] = entry.split(':');
    if (!key || !tenant || !role || rest.length > 0) {
      problems.push(`API_KEYS entries are key:tenant:role, got '${entry.replace(/^[^:]*/, '***')}'`);
      continue;
    }
    if (!ROLES.includes(role as Role)) {
      problems.push(`API_KEYS role must be one of ${ROLES.join(', ')}, got '${role}'`);
      continue;
    }
    if (key.length < 8) problems.push(`API_KEYS keys must have at least 8 characters (tenant ${tenant})`);
    specs.push({ key, tenant, role: role as Role });
  }
  return specs;
}
