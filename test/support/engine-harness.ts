import 'reflect-metadata';
import { Clock, loadConfig } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { createApp } from '../../apps/engine/src/create-app';
import { EsdbTestServer } from '../esdb-server/esdb-test-server';

export const TENANT = 'acme';
export const keys = {
  admin: 'admin-key-acme-0001',
  operator: 'operator-key-acme-0001',
  reader: 'reader-key-acme-0001',
  otherTenant: 'admin-key-globex-0001',
  /** Engine-wide (tenant `*`): global positions, metrics, projection rebuilds. */
  system: 'system-key-engine-0001',
} as const;
export const API_KEYS = `${keys.admin}:acme:admin,${keys.operator}:acme:operator,${keys.reader}:acme:reader,${keys.otherTenant}:globex:admin,${keys.system}:*:admin`;

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when the body is not JSON). */
  json: unknown;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (no JSON encoding) when a string. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** false leaves `json` undefined (a benchmark's load generator reads the text itself). */
  parseJson?: boolean;
  /** API key sent as Bearer; default keys.admin; null sends none. */
  key?: string | null;
}

export interface RouteEntry {
  method: string;
  url: string;
}

export interface TestEngine {
  baseUrl: string;
  port: number;
  dataDir: string;
  app?: NestFastifyApplication;
  /** Every route the app registered (in-process engines), so tests can cover new routes unasked. */
  routes?: RouteEntry[];
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a data directory (restart tests); by default a fresh temporary one. */
  dataDir?: string;
  /**
   * 'esdb-double': run on the EventStoreDB adapter against a private test gRPC server.
   * Defaults to ENGINE_TEST_STORE from the environment (so `ENGINE_TEST_STORE=esdb-double
   * npx jest test` runs every end-to-end suite on the EventStoreDB adapter).
   */
  store?: 'sqlite' | 'esdb-double';
}

function engineEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    API_KEYS,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Reads wait until the projection shows the writes, however busy the machine: the outcome is
    // decided by that condition, the jest timeout bounds it. Tests of the 503 set their own.
    READ_WAIT_MS: '120000',
    ...(process.env.EVENTSTORE_CONNECTION_STRING
      ? { EVENTSTORE_CONNECTION_STRING: process.env.EVENTSTORE_CONNECTION_STRING }
      : {}),
    ...extra,
  };
}

const sharedDoubles = new Map<string, EsdbTestServer>();

/** One EventStoreDB test server per data directory, so an engine restarted on it finds its events. */
async function esdbDoubleFor(dataDir: string | undefined): Promise<EsdbTestServer> {
  if (!dataDir) return EsdbTestServer.start();
  let server = sharedDoubles.get(dataDir);
  if (!server) {
    server = await EsdbTestServer.start();
    sharedDoubles.set(dataDir, server);
  }
  return server;
}

// Benchmarks import the harness outside jest, where afterAll does not exist.
if (typeof afterAll === 'function')
  afterAll(async () => {
    for (const server of sharedDoubles.values()) await server.stop();
    sharedDoubles.clear();
  });

/** Boots the real engine in this process on a free loopback port. */
export async function startEngine(options: StartOptions = {}): Promise<TestEngine> {
  const temp = options.dataDir ? undefined : makeTempDir('ple-e2e-');
  const dataDir = options.dataDir ?? temp!.dir;
  const store = options.store ?? (process.env.ENGINE_TEST_STORE === 'esdb-double' ? 'esdb-double' : 'sqlite');
  const esdb = store === 'esdb-double' ? await esdbDoubleFor(options.dataDir) : undefined;
  const config = loadConfig(
    engineEnv(dataDir, {
      ...(esdb ? { EVENTSTORE_CONNECTION_STRING: esdb.connectionString } : {}),
      ...options.env,
    }),
  );
  const app = await createApp(config, { clock: options.clock, logger: false });
  // Routes register when the app initialises (in listen), after this hook is in place.
  const routes: RouteEntry[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    baseUrl,
    port: address.port,
    dataDir,
    app,
    routes,
    request: (method, p, o) => httpRequest(baseUrl, method, p, o),
    async close() {
      await app.close();
      // A restart test reuses its data directory, and with it the same store.
      if (temp) await esdb?.stop();
      temp?.cleanup();
    },
  };
}

export interface SpawnedEngine extends TestEngine {
  process: ChildProcess;
  /** Resolves with the exit code/signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

/** Runs the engine as a child process (for crash and restart tests). */
export async function spawnEngine(options: {
  dataDir: string;
  env?: Record<string, string>;
}): Promise<SpawnedEngine> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(
    process.execPath,
    // ENGINE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles a benchmark's engine.
    [
      ...(process.env.ENGINE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '-r',
      '@swc-node/register',
      path.join(root, 'apps/engine/src/main.ts'),
    ],
    {
      cwd: root,
      env: { ...process.env, ...engineEnv(options.dataDir, { LOG_LEVEL: 'warn', ...options.env }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /engine listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1].replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`engine exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`engine did not start within 60 s:\n${output}`)), 60_000).unref();
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    baseUrl,
    port: Number(new URL(baseUrl).port),
    dataDir: options.dataDir,
    process: child,
    exited,
    output: () => output,
    request: (method, p, o) => httpRequest(baseUrl, method, p, o),
    kill,
    close: () => kill('SIGTERM'),
  };
}

export async function httpRequest(
  baseUrl: string,
  method: string,
  p: string,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const key = options.key === undefined ? keys.admin : options.key;
  if (key !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
    headers.authorization = `Bearer ${key}`;
  }
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const response = await send(new URL(p, baseUrl), method, headers, body);
  const text = response.text;
  let json: unknown;
  try {
    json = text && options.parseJson !== false ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * node:http over kept-alive sockets rather than fetch: undici's fetch costs a benchmark client
 * several ms of CPU per 100 KB call, CPU the engine under test then lacks on a 2-core machine.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) received.append(name, v);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: received,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The store's global head, as a decimal string (engine-wide: a tenant's key does not see it). */
export async function globalHead(engine: Pick<TestEngine, 'request'>): Promise<string> {
  const response = await engine.request('GET', '/engine/v1/events?limit=1', { key: keys.system });
  return (response.json as { head: string }).head;
}
