import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EngineConfig } from '../config/engine-config';
import { EngineRequest, Principal } from '../context/command-context';
import { installRequestGate } from '../http/body-parsers';
import { ApiKeyStore } from './api-key-store';
import { extractApiKey } from './credentials';

const ANONYMOUS: Principal = { tenant: 'default', role: 'admin', actor: 'anonymous', system: true };

/** The caller of a request, from the key in whichever header its dialect uses; undefined: no valid key. */
export function authenticateRequest(
  request: EngineRequest & { query?: unknown },
  keys: ApiKeyStore,
  config: EngineConfig,
): Principal | undefined {
  if (!config.auth) return ANONYMOUS;
  return keys.authenticate(extractApiKey(request) ?? '');
}

/** Checks the key of every request before its body is read (see installRequestGate). */
export function installAuthentication(
  fastify: FastifyInstance,
  keys: ApiKeyStore,
  config: EngineConfig,
): void {
  installRequestGate(fastify, (request: FastifyRequest) =>
    authenticateRequest(request as unknown as EngineRequest & { query?: unknown }, keys, config),
  );
}
