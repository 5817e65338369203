import { EsdbTestServer } from '../esdb-server/esdb-test-server';
import { keys, startEngine, TestEngine } from '../support/engine-harness';

describe('health endpoints for orchestrators', () => {
  describe('on a reachable store', () => {
    let engine: TestEngine;
    beforeAll(async () => {
      engine = await startEngine();
    });
    afterAll(() => engine.close());

    it('/health/live answers 200 without a key', async () => {
      const res = await engine.request('GET', '/health/live', { key: null });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) });
    });

    it('/health/ready turns 200 once the projections reached the start-up head', async () => {
      let res = await engine.request('GET', '/health/ready', { key: null });
      // Readiness may briefly be 503 while the read models open: ask again until it is not.
      while (res.status === 503 && (res.json as { store: { reachable: boolean } }).store.reachable) {
        await new Promise((resolve) => setImmediate(resolve));
        res = await engine.request('GET', '/health/ready', { key: null });
      }
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        status: 'ready',
        store: { adapter: 'sqlite', reachable: true },
        projections: { caughtUpToStartHead: true, startHead: '0', failed: [] },
      });
    });

    it('/health keeps answering as before', async () => {
      const res = await engine.request('GET', '/health', { key: null });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'ok', store: { reachable: true } });
    });
  });

  describe('when the event store goes away', () => {
    it('stays live but is no longer ready', async () => {
      // Given an engine on an EventStoreDB server
      const server = await EsdbTestServer.start();
      const engine = await startEngine({ env: { EVENTSTORE_CONNECTION_STRING: server.connectionString } });
      try {
        // When the server stops
        await server.stop();
        // Then readiness reports the store unreachable (an error or the 2 s timeout), liveness does not care
        const ready = await engine.request('GET', '/health/ready', { key: null });
        expect(ready.status).toBe(503);
        expect(ready.json).toMatchObject({ status: 'not-ready', store: { reachable: false } });
        const live = await engine.request('GET', '/health/live', { key: null });
        expect(live.status).toBe(200);
        // And the metrics page still answers, saying so
        const metrics = await engine.request('GET', '/metrics', { key: keys.system });
        expect(metrics.status).toBe(200);
        expect(metrics.text).toContain('engine_event_store_up 0');
      } finally {
        await engine.close();
      }
    });
  });
});
