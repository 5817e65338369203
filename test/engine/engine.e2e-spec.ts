import { keys, startEngine, TestEngine } from '../support/engine-harness';

describe('engine app over HTTP', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.close());

  it('serves /health without a key', async () => {
    const res = await engine.request('GET', '/health', { key: null });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', store: { reachable: true } });
  });

  it('serves OpenAPI at /docs and /docs-json', async () => {
    const ui = await engine.request('GET', '/docs', { key: null });
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const spec = await engine.request('GET', '/docs-json', { key: null });
    expect((spec.json as { paths: Record<string, unknown> }).paths).toHaveProperty(['/engine/v1/events']);
  });

  it('serves Prometheus metrics to engine-wide keys only (they count every tenant)', async () => {
    expect((await engine.request('GET', '/metrics', { key: null })).status).toBe(401);
    expect((await engine.request('GET', '/metrics', { key: keys.admin })).status).toBe(403);
    const res = await engine.request('GET', '/metrics', { key: keys.system });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
  });

  it('refuses a request without a key or with an unknown key (401)', async () => {
    const none = await engine.request('GET', '/engine/v1/events', { key: null });
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Missing or invalid API key' } });
    const wrong = await engine.request('GET', '/engine/v1/events', { key: 'not-a-key-at-all' });
    expect(wrong.status).toBe(401);
  });

  it('accepts the key in every dialect header', async () => {
    const basic = Buffer.from(`default:${keys.reader}`).toString('base64');
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${keys.reader}` },
      { 'x-auth-token': keys.reader },
      { authorization: `Basic ${basic}` },
      { 'auth-type': 'APIKEY', 'auth-value': keys.reader },
      { 'x-clickhouse-key': keys.reader },
    ];
    for (const headers of variants) {
      const res = await engine.request('GET', '/engine/v1/events', { key: null, headers });
      expect(res.status).toBe(200);
    }
  });

  it('answers a bad query parameter with a 400 in the native shape', async () => {
    const res = await engine.request('GET', '/engine/v1/events?limit=abc');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });

  it("hides another tenant's stream", async () => {
    const res = await engine.request(
      'GET',
      `/engine/v1/streams/${encodeURIComponent('datasource-globex/wiki')}/events`,
    );
    expect(res.status).toBe(404);
  });

  it('answers an unknown route with a 404, not a stack trace', async () => {
    const res = await engine.request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(' at ');
  });
});
