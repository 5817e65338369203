import { keys, TENANT } from '../support/engine-harness';
import { LogLine, LoggedEngine, startLoggedEngine } from './logged-engine';

const SEGMENT = {
  segments: [
    {
      interval: '2015-09-12T16:00:00.000Z/2015-09-12T17:00:00.000Z',
      version: '2023-08-10T04:12:03.860Z',
      partitionNum: 0,
      size: 1024,
    },
  ],
};

const accessFor = (requestId: string) => (line: LogLine) =>
  line.type === 'access' && line.requestId === requestId;

describe('structured logs (pino JSON lines)', () => {
  let engine: LoggedEngine;
  beforeAll(async () => {
    engine = await startLoggedEngine();
  });
  afterAll(() => engine.close());

  it("writes one access line per request with the caller's X-Request-Id, tenant, key id, dialect, route, status and duration", async () => {
    // Given a request that names its own request id
    const res = await engine.request('POST', '/engine/v1/datasources/wikipedia/segments', {
      body: SEGMENT,
      headers: { 'x-request-id': 'req-ops-0001' },
    });
    // Then the response echoes it
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('x-request-id')).toBe('req-ops-0001');
    // And exactly one access line describes the request, with the route pattern (not the path)
    const line = await engine.nextLine(accessFor('req-ops-0001'));
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      method: 'POST',
      tenant: TENANT,
      dialect: 'native',
      route: '/engine/v1/datasources/:datasource/segments',
      status: res.status,
    });
    expect(line.keyId).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof line.durationMs).toBe('number');
    expect(engine.lines.filter(accessFor('req-ops-0001'))).toHaveLength(1);
  });

  it('generates a request id when the caller sends none (or an unusable one) and echoes it', async () => {
    const res = await engine.request('GET', '/druid/coordinator/v1/metadata/datasources', {
      headers: { 'x-request-id': 'has spaces and "quotes"' },
    });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await engine.nextLine(accessFor(id));
    expect(line).toMatchObject({
      dialect: 'druid',
      route: '/druid/coordinator/v1/metadata/datasources',
      status: 200,
    });
  });

  it('logs a failed authentication with the credential scheme and never the key', async () => {
    const wrongKey = 'wrong-secret-key-0123456789';
    const basic = Buffer.from(`default:${wrongKey}`).toString('base64');
    const res = await engine.request('POST', '/clickhouse/', {
      key: null,
      rawBody: 'SELECT 1',
      headers: { authorization: `Basic ${basic}`, 'x-request-id': 'req-ops-auth' },
    });
    expect(res.status).toBe(401);
    const auth = await engine.nextLine((l) => l.type === 'auth' && l.requestId === 'req-ops-auth');
    expect(auth).toMatchObject({
      level: 40,
      event: 'authentication-failed',
      dialect: 'clickhouse',
      credentialScheme: 'basic',
    });
    await engine.nextLine(accessFor('req-ops-auth'));
    const everything = JSON.stringify(engine.lines);
    expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(basic);
    expect(everything).not.toContain(keys.admin);
  });

  it('logs a request refused for its role with the tenant and key id of the (valid) key', async () => {
    const res = await engine.request('POST', '/engine/v1/projections/segment-used/rebuild', {
      key: keys.reader,
      headers: { 'x-request-id': 'req-ops-403' },
    });
    expect(res.status).toBe(403);
    const denied = await engine.nextLine((l) => l.type === 'auth' && l.requestId === 'req-ops-403');
    expect(denied).toMatchObject({ event: 'authorization-denied', tenant: TENANT, dialect: 'native' });
    expect(denied.keyId).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(engine.lines)).not.toContain(keys.reader);
  });

  it('logs catch-up of the read models at start as structured lines', async () => {
    const done = await engine.nextLine((l) => l.event === 'catch-up-done');
    expect(done).toMatchObject({
      context: 'CatchUp',
      msg: 'projections caught up',
      head: expect.any(String),
    });
  });
});

describe('structured catch-up progress after a restart on a store with history', () => {
  it('logs where catch-up starts and when it is done, then readiness follows', async () => {
    // Given a store with events and read models deleted (they must be rebuilt at start)
    const first = await startLoggedEngine();
    const dataDir = first.dataDir;
    await first.request('POST', '/engine/v1/datasources/wikipedia/segments', { body: SEGMENT });
    const status = (await first.request('GET', '/engine/v1/projections', { key: keys.system })).json as {
      projections: { head: string }[];
    };
    const head = status.projections[0].head;
    await first.app.close();
    const { rmSync } = await import('node:fs');
    rmSync(`${dataDir}/read`, { recursive: true, force: true });
    // When the engine starts again
    const second = await startLoggedEngine({ dataDir });
    try {
      const done = await second.nextLine((l) => l.event === 'catch-up-done');
      // Then the done line names the head it caught up to, and readiness reports it
      expect(done.head).toBe(head);
      expect(BigInt(head)).toBeGreaterThan(0n);
      const ready = await second.request('GET', '/health/ready', { key: null });
      expect(ready.status).toBe(200);
      expect(ready.json).toMatchObject({
        status: 'ready',
        projections: { caughtUpToStartHead: true, startHead: done.head, failed: [] },
      });
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
