import { EVENT_STORE, EventStore, EventStoreModule } from '@engine/eventstore';
import { makeTempDir } from '@engine/testing';
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  LoggerService,
  Module,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Public } from '../src/auth/auth.decorators';
import { ApiKeyStore } from '../src/auth/api-key-store';
import { installAuthentication } from '../src/auth/request-authenticator';
import { loadConfig } from '../src/config/engine-config';
import { EngineRequest } from '../src/context/command-context';
import { RequestValidationError } from '../src/errors/kernel-errors';
import { CommandContextFactory } from '../src/context/command-context.factory';
import { installBodyParsers } from '../src/http/body-parsers';
import { NativeExceptionFilter } from '../src/http/native-exception.filter';
import { ReplyLike } from '../src/http/reply-like';
import { IdempotencyInterceptor } from '../src/idempotency/idempotency.interceptor';
import { KernelModule } from '../src/kernel.module';
import { CommandPipeline } from '../src/pipeline/command-pipeline';
import { EsdbTestServer } from '../../../test/esdb-server/esdb-test-server';
import { counterDecider } from './counter.fixture';

/**
 * The real IdempotencyInterceptor over real HTTP, wired as the engine wires it (KernelModule's
 * global guard and interceptors, the native error filter, Fastify with the engine's body parsers
 * and authentication) around a tiny counter controller that appends through the real
 * CommandPipeline to a SQLite store in a temporary directory. Fast enough to run per mutant
 * (see stryker.config.mjs), unlike the engine's end-to-end idempotency suite.
 */

const ACME = 'acme-operator-key';
const GLOBEX = 'globex-operator-key';
const CONTENT_TYPE = 'application/vnd.counter+json; charset=utf-8';

/** What the handlers saw, and the gates a test holds them at. */
const seen = { handled: [] as string[], arrived: [] as string[], breakStore: false, refuseNext: false };
let gate: { opened: Promise<void>; open: () => void; entered: Promise<void>; enter: () => void };
function newGate() {
  let open!: () => void;
  let enter!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const entered = new Promise<void>((resolve) => (enter = resolve));
  gate = { opened, open, entered, enter };
}
let arrivalWaiter: { count: number; resolve: () => void } | undefined;

/** Runs before the interceptors (guards do): tells the test a request got that far. */
@Injectable()
class ArrivalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    seen.arrived.push(context.switchToHttp().getRequest<{ url: string }>().url);
    if (arrivalWaiter && seen.arrived.length >= arrivalWaiter.count) arrivalWaiter.resolve();
    return true;
  }
}

@Controller()
class CounterController {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  private async increment(request: EngineRequest & { url: string }, id: string, by: number) {
    const context = this.contexts.create(request, 'native');
    const outcome = await this.pipeline.run({
      stream: `counter-${context.tenant}/${id}`,
      decider: counterDecider,
      command: { type: 'Increment', by },
      context,
    });
    return { id, state: outcome.state, revision: outcome.revision.toString(), handled: seen.handled.length };
  }

  /** Answers 202 with its own content type, both set by the handler (a replay must restore them). */
  @Post('counters/:id')
  async post(
    @Req() request: EngineRequest & { url: string },
    @Res({ passthrough: true }) reply: ReplyLike,
    @Param('id') id: string,
    @Body() body: { by: number },
  ) {
    seen.handled.push(`POST ${id}`);
    reply.status(202).header('content-type', CONTENT_TYPE);
    return this.increment(request, id, body.by);
  }

  @Put('counters/:id')
  async put(
    @Req() request: EngineRequest & { url: string },
    @Param('id') id: string,
    @Body() body: { by: number },
  ) {
    seen.handled.push(`PUT ${id}`);
    return this.increment(request, id, body.by);
  }

  @Get('counters/:id')
  async get(@Param('id') id: string) {
    seen.handled.push(`GET ${id}`);
    return { state: (await this.pipeline.load(`counter-acme/${id}`, counterDecider)).state };
  }

  /** A text/plain body arrives as a string: increments by its length. */
  @Post('notes/:id')
  async note(@Req() request: EngineRequest & { url: string }, @Param('id') id: string, @Body() body: string) {
    seen.handled.push(`NOTE ${id}`);
    return this.increment(request, id, body.length);
  }

  /** Appends nothing and answers nothing. */
  @Post('quiet')
  @HttpCode(204)
  async quiet(): Promise<void> {
    seen.handled.push('QUIET');
  }

  @Post('ping')
  @Public()
  ping() {
    seen.handled.push('PING');
    return { pong: seen.handled.length };
  }

  /** Waits at the test's gate (the one current when it entered), then appends or, when asked, refuses. */
  @Post('gated/:id')
  @UseGuards(ArrivalGuard)
  async gated(@Req() request: EngineRequest & { url: string }, @Param('id') id: string) {
    seen.handled.push(`GATED ${id}`);
    gate.enter();
    await gate.opened;
    if (seen.refuseNext) {
      seen.refuseNext = false;
      throw new RequestValidationError(['refused on purpose']);
    }
    return this.increment(request, id, 1);
  }

  /** Appends; then, when the test asks, the responses table disappears under the store (another connection renames it). */
  @Post('unsaved/:id')
  async unsaved(@Req() request: EngineRequest & { url: string }, @Param('id') id: string) {
    seen.handled.push(`UNSAVED ${id}`);
    const answer = await this.increment(request, id, 1);
    if (seen.breakStore) renameResponses('idempotency_responses', 'responses_away');
    seen.breakStore = false;
    return answer;
  }
}

/** The SQLite app's data directory (the store's file is events.sqlite in it). */
let dataDir: string;
function renameResponses(from: string, to: string) {
  const other = new Database(path.join(dataDir, 'events.sqlite'));
  try {
    other.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
  } finally {
    other.close();
  }
}

/** Keeps what Nest logs, to assert the warning of a response that could not be stored. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log() {}
  error() {}
  warn(message: unknown) {
    this.warnings.push(String(message));
  }
}

interface Sent {
  method?: string;
  key?: string | null;
  apiKey?: string;
  body?: unknown;
  text?: string;
}

/** The counter app, listening on a free port: over SQLite in `dataDir`, or over EventStoreDB. */
async function startTestApp(logger: LoggerService, connectionString?: string) {
  const temp = makeTempDir('ple-idempotency-');
  const config = loadConfig({
    DATA_DIR: temp.dir,
    API_KEYS: `${ACME}:acme:operator,${GLOBEX}:globex:operator`,
    ...(connectionString ? { EVENTSTORE_CONNECTION_STRING: connectionString } : {}),
  });
  @Module({
    imports: [
      EventStoreModule.forRoot({
        dataDir: config.dataDir,
        connectionString: config.eventStoreConnectionString,
      }),
      KernelModule.forRoot({ config }),
    ],
    controllers: [CounterController],
    providers: [ArrivalGuard],
  })
  class TestModule {}
  const adapter = new FastifyAdapter({ logger: false });
  installBodyParsers(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(TestModule, adapter, {
    logger,
    bodyParser: false,
  });
  installAuthentication(adapter.getInstance(), app.get(ApiKeyStore), config);
  app.useGlobalFilters(new NativeExceptionFilter({}));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  async function send(url: string, { method = 'POST', key = null, apiKey = ACME, body, text }: Sent = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
    if (key !== null) headers['idempotency-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (text !== undefined) headers['content-type'] = 'text/plain';
    const response = await fetch(`${base}${url}`, {
      method,
      headers,
      body: text ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const raw = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      replayed: response.headers.get('idempotent-replayed'),
      position: response.headers.get('x-engine-position'),
      json: raw === '' ? undefined : (JSON.parse(raw) as unknown),
    };
  }

  return {
    app,
    port,
    dataDir: temp.dir,
    store: app.get<EventStore>(EVENT_STORE),
    send,
    async close() {
      await app.close();
      temp.cleanup();
    },
  };
}

describe('IdempotencyInterceptor over HTTP (real store, real pipeline)', () => {
  let app: NestFastifyApplication;
  let store: EventStore;
  let send: Awaited<ReturnType<typeof startTestApp>>['send'];
  let close: () => Promise<void>;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    const started = await startTestApp(logger);
    ({ app, store, send, close } = started);
    dataDir = started.dataDir;
  });
  afterAll(() => close?.());
  beforeEach(() => {
    seen.handled = [];
    seen.arrived = [];
  });

  /** The fingerprint the store keeps: pinned, since a retry after an upgrade must compute the same one. */
  const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex');

  describe('a retry of a stored request', () => {
    it('given a first response, when retried, then the stored status, content type, body and position come back, marked replayed', async () => {
      const first = await send('/counters/a', { key: 'replay-1', body: { by: 2 } });
      expect(first.status).toBe(202);
      expect(first.headers.get('content-type')).toBe(CONTENT_TYPE);
      expect(first.json).toEqual({ id: 'a', state: 2, revision: '0', handled: 1 });
      expect(first.replayed).toBeNull();
      expect(first.position).toMatch(/^\d+$/);

      await send('/counters/a', { body: { by: 5 } });
      const retry = await send('/counters/a', { key: 'replay-1', body: { by: 2 } });
      expect(retry.status).toBe(202);
      expect(retry.headers.get('content-type')).toBe(CONTENT_TYPE);
      expect(retry.json).toEqual(first.json);
      expect(retry.replayed).toBe('true');
      expect(retry.position).toBe(first.position);
      expect(seen.handled).toEqual(['POST a', 'POST a']);
      expect((await store.readStream('counter-acme/a')).map((e) => e.data)).toEqual([{ by: 2 }, { by: 5 }]);
    });

    it('given a handler that appended nothing and answered nothing, when retried, then the empty answer is replayed without a position', async () => {
      const first = await send('/quiet', { key: 'quiet-1' });
      const retry = await send('/quiet', { key: 'quiet-1' });
      expect([first.status, first.json, first.position, first.replayed]).toEqual([
        204,
        undefined,
        null,
        null,
      ]);
      expect([retry.status, retry.json, retry.position, retry.replayed]).toEqual([
        204,
        undefined,
        null,
        'true',
      ]);
      expect(seen.handled).toEqual(['QUIET']);
      expect(await store.idempotencyRecord('acme', 'quiet-1')).toEqual({
        fingerprint: fingerprint('POST /quiet\nnull'),
        response: { status: 204, body: 'null' },
      });
    });

    it('given the response could not be stored, when the first request ends, then it is answered and only a warning is logged; a retry rebuilds the answer from the stored change', async () => {
      seen.breakStore = true;
      const first = await send('/unsaved/u', { key: 'unsaved-1' });
      renameResponses('responses_away', 'idempotency_responses');
      expect(first.status).toBe(201);
      expect(first.json).toEqual({ id: 'u', state: 1, revision: '0', handled: 1 });
      expect(logger.warnings).toEqual([
        expect.stringMatching(
          /^response for an Idempotency-Key not stored: no such table: (main\.)?idempotency_responses$/,
        ),
      ]);
      const retry = await send('/unsaved/u', { key: 'unsaved-1' });
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBe('true');
      expect(retry.position).toBe(first.position);
      expect(retry.json).toEqual({ ...(first.json as object), handled: 2 });
      expect(await store.readStream('counter-acme/u')).toHaveLength(1);
    });
  });

  describe('a key used for another request', () => {
    it.each([
      ['another JSON body', '/counters/b', 'POST', { body: { by: 2 } }],
      ['another URL', '/counters/b2', 'POST', { body: { by: 1 } }],
      ['another method', '/counters/b', 'PUT', { body: { by: 1 } }],
    ] as const)(
      'given a stored request, when the key comes with %s, then 422 and nothing is stored',
      async (_, url, method, sent) => {
        const key = `reused-${method}-${url}-${JSON.stringify(sent)}`;
        expect((await send('/counters/b', { key, body: { by: 1 } })).status).toBe(202);
        const before = await store.headPosition();
        const reused = await send(url, { ...sent, method, key });
        expect(reused.status).toBe(422);
        expect(reused.json).toEqual({
          error: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: 'This Idempotency-Key was used for a different request',
          },
        });
        expect(reused.replayed).toBeNull();
        expect(await store.headPosition()).toBe(before);
      },
    );

    it('given a text body, when the same key comes with another text, then 422; the same text is a retry', async () => {
      const first = await send('/notes/n', { key: 'note-1', text: 'abc' });
      expect(first.status).toBe(201);
      expect((await send('/notes/n', { key: 'note-1', text: 'abd' })).status).toBe(422);
      const retry = await send('/notes/n', { key: 'note-1', text: 'abc' });
      expect([retry.status, retry.replayed, retry.json]).toEqual([201, 'true', first.json]);
      // No content type was set when the response was stored: the replay gets Fastify's, as the first did.
      expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(seen.handled).toEqual(['NOTE n']);
      // The string itself is hashed, not its JSON encoding.
      expect((await store.idempotencyRecord('acme', 'note-1'))?.fingerprint).toBe(
        fingerprint('POST /notes/n\nabc'),
      );
    });

    it('hashes the method, the URL with its query and the JSON body', async () => {
      await send('/counters/f?x=1', { key: 'print-1', body: { by: 1 } });
      expect((await store.idempotencyRecord('acme', 'print-1'))?.fingerprint).toBe(
        fingerprint('POST /counters/f?x=1\n{"by":1}'),
      );
      expect((await send('/counters/f?x=2', { key: 'print-1', body: { by: 1 } })).status).toBe(422);
    });
  });

  describe("each tenant's keys", () => {
    it('given two tenants, when both use one key (same request, then another), then each applies its own', async () => {
      const ours = await send('/counters/t', { key: 'shared', body: { by: 1 } });
      const theirs = await send('/counters/t', { key: 'shared', body: { by: 1 }, apiKey: GLOBEX });
      expect([ours.status, theirs.status]).toEqual([202, 202]);
      expect([ours.replayed, theirs.replayed]).toEqual([null, null]);
      expect(theirs.position).not.toBe(ours.position);
      const other = await send('/counters/t', { key: 'shared-2', body: { by: 3 } });
      const otherTenant = await send('/counters/t', { key: 'shared-2', body: { by: 4 }, apiKey: GLOBEX });
      expect([other.status, otherTenant.status]).toEqual([202, 202]);
      expect((otherTenant.json as { state: number }).state).toBe(5);
      expect(seen.handled).toHaveLength(4);
      expect((await store.readStream('counter-globex/t')).map((e) => e.data)).toEqual([{ by: 1 }, { by: 4 }]);
    });
  });

  describe('keys breaking the limits', () => {
    const refused = (message: string) => ({ error: { code: 'INVALID_REQUEST', message } });

    it('refuses an empty key and a key of 201 characters with a 400, storing nothing; 200 characters is a key', async () => {
      const before = await store.headPosition();
      const empty = await send('/counters/l', { key: '', body: { by: 1 } });
      expect([empty.status, empty.json]).toEqual([
        400,
        refused('Idempotency-Key must be 1 to 200 characters (got 0)'),
      ]);
      const long = await send('/counters/l', { key: 'k'.repeat(201), body: { by: 1 } });
      expect([long.status, long.json]).toEqual([
        400,
        refused('Idempotency-Key must be 1 to 200 characters (got 201)'),
      ]);
      expect(seen.handled).toEqual([]);
      expect(await store.headPosition()).toBe(before);
      const limit = await send('/counters/l', { key: 'k'.repeat(200), body: { by: 1 } });
      expect(limit.status).toBe(202);
      expect((await send('/counters/l', { key: 'k'.repeat(200), body: { by: 1 } })).replayed).toBe('true');
    });

    /** fetch and Node's client join a repeated header into one line; a socket sends it as written. */
    async function sendLines(lines: string[], body: string) {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const text = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(
            [
              'POST /counters/r HTTP/1.1',
              'Host: 127.0.0.1',
              `Authorization: Bearer ${ACME}`,
              'Content-Type: application/json',
              `Content-Length: ${Buffer.byteLength(body)}`,
              'Connection: close',
              ...lines,
              '',
              body,
            ].join('\r\n'),
          ),
        );
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
        socket.on('end', () => resolve(received));
        socket.on('error', reject);
      });
      const [head, payload] = text.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), json: JSON.parse(payload) as unknown };
    }

    it('refuses a repeated Idempotency-Key header with a 400 (Node would join it into one key)', async () => {
      const repeated = await sendLines(['Idempotency-Key: one', 'idempotency-key: two'], '{"by":1}');
      expect(repeated).toEqual({ status: 400, json: refused('Idempotency-Key must be given once') });
      expect(seen.handled).toEqual([]);
      expect(await store.idempotencyRecord('acme', 'one, two')).toBeUndefined();
      // A header whose value merely reads "Idempotency-Key" is no second key.
      const once = await sendLines(['X-Note: Idempotency-Key', 'Idempotency-Key: once'], '{"by":1}');
      expect(once.status).toBe(202);
      expect(seen.handled).toEqual(['POST r']);
    });
  });

  describe('requests the interceptor leaves alone', () => {
    it('runs GET and HEAD, a write without a key and a public route every time, never replayed', async () => {
      await send('/counters/g', { body: { by: 1 } });
      await send('/counters/g', { body: { by: 1 } });
      const reads = [
        await send('/counters/g', { method: 'GET', key: 'read-1' }),
        await send('/counters/g', { method: 'GET', key: 'read-1' }),
        await send('/counters/g', { method: 'HEAD', key: 'read-1' }),
        await send('/counters/g', { method: 'HEAD', key: 'read-1' }),
      ];
      const pings = [await send('/ping', { key: 'ping-1' }), await send('/ping', { key: 'ping-1' })];
      expect([...reads, ...pings].map((r) => r.replayed)).toEqual(Array(6).fill(null));
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(pings.map((r) => r.json)).toEqual([{ pong: 7 }, { pong: 8 }]);
      expect(seen.handled).toEqual(['POST g', 'POST g', 'GET g', 'GET g', 'GET g', 'GET g', 'PING', 'PING']);
      expect(await store.idempotencyRecord('acme', 'read-1')).toBeUndefined();
      expect((await store.readStream('counter-acme/g')).map((e) => e.metadata.idempotencyKey)).toEqual([
        undefined,
        undefined,
      ]);
    });
  });

  describe('concurrent retries on one process', () => {
    it('given a first attempt still running, when retries arrive, then they wait for it and replay its response', async () => {
      newGate();
      // Whatever happens, the held request is let go (a failed expectation must not hang the app).
      try {
        const first = send('/gated/c', { key: 'concurrent-1' });
        await Promise.race([gate.entered, first]);
        const arrived = new Promise<void>((resolve) => (arrivalWaiter = { count: 3, resolve }));
        const retries = [
          send('/gated/c', { key: 'concurrent-1' }),
          send('/gated/c', { key: 'concurrent-1' }),
        ];
        await Promise.race([arrived, Promise.all(retries)]);
        // Let everything the retries can do without the first attempt happen (no clock involved).
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
        expect(seen.handled).toEqual(['GATED c']);
        gate.open();
        const answers = await Promise.all([first, ...retries]);
        expect(answers.map((a) => [a.status, a.replayed])).toEqual([
          [201, null],
          [201, 'true'],
          [201, 'true'],
        ]);
        expect(answers[1].json).toEqual(answers[0].json);
        expect(answers[2].json).toEqual(answers[0].json);
        expect(seen.handled).toEqual(['GATED c']);
        expect(await store.readStream('counter-acme/c')).toHaveLength(1);
      } finally {
        gate.open();
      }
      expectNothingInFlight();
    });

    it('given a first attempt that failed, when the retry behind it runs, then a later retry waits for that one in turn', async () => {
      newGate();
      const first = gate;
      const flush = async () => {
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      };
      const arrivals = (count: number) =>
        new Promise<void>((resolve) => (arrivalWaiter = { count, resolve }));
      const responses: Promise<Awaited<ReturnType<typeof send>>>[] = [];
      try {
        responses.push(send('/gated/q', { key: 'queue-1' }));
        await Promise.race([first.entered, responses[0]]);
        const second = arrivals(2);
        responses.push(send('/gated/q', { key: 'queue-1' }));
        await Promise.race([second, responses[1]]);
        await flush();
        // The first attempt is refused (nothing stored): the second runs the handler, held at a new gate.
        seen.refuseNext = true;
        newGate();
        first.open();
        await Promise.race([gate.entered, responses[1]]);
        const third = arrivals(3);
        responses.push(send('/gated/q', { key: 'queue-1' }));
        await Promise.race([third, responses[2]]);
        await flush();
        expect(seen.handled).toEqual(['GATED q', 'GATED q']);
        gate.open();
        const answers = await Promise.all(responses);
        expect(answers.map((a) => [a.status, a.replayed])).toEqual([
          [400, null],
          [201, null],
          [201, 'true'],
        ]);
        expect(answers[2].json).toEqual(answers[1].json);
      } finally {
        first.open();
        gate.open();
      }
      expectNothingInFlight();
    });

    it("given a request held on one tenant's key, then another tenant's same key and another key are not held behind it", async () => {
      newGate();
      try {
        const held = send('/gated/h', { key: 'slot-1' });
        await Promise.race([gate.entered, held]);
        const theirs = await send('/counters/h', { key: 'slot-1', apiKey: GLOBEX, body: { by: 1 } });
        const another = await send('/counters/h', { key: 'slot-2', body: { by: 1 } });
        expect([theirs.status, another.status]).toEqual([202, 202]);
        gate.open();
        expect((await held).status).toBe(201);
      } finally {
        gate.open();
      }
      expectNothingInFlight();
    });
  });

  /** Nothing is left waiting once the requests are done (the map does not grow with every key). */
  function expectNothingInFlight() {
    const interceptor = app
      .get(ApplicationConfig)
      .getGlobalInterceptors()
      .find((instance) => instance instanceof IdempotencyInterceptor);
    expect((interceptor as unknown as { inFlight: Map<string, unknown> }).inFlight.size).toBe(0);
  }
});

describe('IdempotencyInterceptor over HTTP on EventStoreDB (the gRPC test double)', () => {
  let server: EsdbTestServer;
  let started: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    server = await EsdbTestServer.start();
    started = await startTestApp(new CapturingLogger(), server.connectionString);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
    await server?.stop();
  });
  beforeEach(() => {
    seen.handled = [];
  });

  it('given a first response, when retried, then its position comes back from the stored response', async () => {
    const first = await started.send('/counters/e', { key: 'esdb-1', body: { by: 1 } });
    const retry = await started.send('/counters/e', { key: 'esdb-1', body: { by: 1 } });
    expect(first.position).toMatch(/^\d+$/);
    expect([retry.status, retry.replayed, retry.position, retry.json]).toEqual([
      202,
      'true',
      first.position,
      first.json,
    ]);
    expect(seen.handled).toEqual(['POST e']);
  });
});
