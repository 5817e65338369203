import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { contractViolations } from './support/event-contract';
import { publish, segmentId } from './support/segments-lifecycle';
import { SseClient } from './support/sse-client';

describe('downstream subscriptions: SSE feed', () => {
  let engine: TestEngine;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
  afterAll(() => engine?.close());

  const connect = async (query: string, headers: Record<string, string> = {}, key: string = keys.reader) => {
    const client = new SseClient(`${engine.baseUrl}/engine/v1/events/subscribe${query}`, {
      authorization: `Bearer ${key}`,
      ...headers,
    });
    clients.push(client);
    await client.open();
    return client;
  };

  /** Publishes one SegmentsPublished event per hour, for acme and (interleaved) globex. */
  const publishHours = async (hours: number[]) => {
    for (const h of hours) {
      await publish(engine, [h]);
      const other = await engine.request('POST', '/engine/v1/datasources/other/segments', {
        key: keys.otherTenant,
        body: {
          segments: [{ interval: segmentId(h).split('_').slice(2, 4).join('/'), version: 'v1', size: 1 }],
        },
      });
      expect(other.status).toBe(201);
    }
  };

  const acmePositions = async () => {
    const store = engine.app!.get<EventStore>(EVENT_STORE);
    const events = await store.readAll({ maxCount: 10_000 });
    return events.filter((e) => e.metadata.tenant === 'acme').map((e) => e.position.toString());
  };

  it('resumes after a forced disconnect with Last-Event-ID: no gap, no duplicate', async () => {
    await publishHours([0, 1, 2, 3, 4, 5]);
    const first = await connect('?category=datasource');
    expect(first.status).toBe(200);
    await first.waitFor(4);
    const seen = first.events().slice(0, 4);
    first.destroy();

    // Written while the consumer is away; the feed must deliver them after the resume.
    await publishHours([6, 7, 8]);
    const resumed = await connect('?category=datasource', { 'last-event-id': seen[3].id! });
    const expected = await acmePositions();
    await resumed.waitFor(expected.length - 4);
    const all = [...seen, ...resumed.events()].map((f) => f.id);
    expect(all).toEqual(expected);

    // Live: a new event arrives on the open connection.
    await publishHours([9]);
    await resumed.waitFor(expected.length - 3);
    const last = resumed.events().at(-1)!;
    expect(last.event).toBe('SegmentsPublished');
    expect(JSON.parse(last.data!)).toMatchObject({ position: last.id, metadata: { tenant: 'acme' } });
  });

  it("filters by type and never shows another tenant's events", async () => {
    const client = await connect('?type=SegmentsMarkedUnused,SegmentsPublished&from=0');
    const expected = await acmePositions();
    await client.waitFor(expected.length);
    expect(client.events().every((f) => JSON.parse(f.data!).metadata.tenant === 'acme')).toBe(true);
    const none = await connect('?type=UnusedSegmentsKilled&heartbeat=50');
    await none.waitFor(2, (f) => f.comment === 'heartbeat');
    expect(none.events()).toEqual([]);
    const globex = await connect('?category=datasource', {}, keys.otherTenant);
    await globex.waitFor(10);
    expect(globex.events().every((f) => JSON.parse(f.data!).metadata.tenant === 'globex')).toBe(true);
  });

  it('rejects a bad start position with a 400 and no stream', async () => {
    for (const query of ['?from=abc', '?heartbeat=1']) {
      const res = await engine.request('GET', `/engine/v1/events/subscribe${query}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    }
    const res = await engine.request('GET', '/engine/v1/events/subscribe', {
      headers: { 'last-event-id': 'x' },
    });
    expect(res.status).toBe(400);
    expect((await engine.request('GET', '/engine/v1/events/subscribe', { key: null })).status).toBe(401);
  });

  it('emitted only events that match their JSON Schemas', async () => {
    expect(await contractViolations(engine)).toEqual([]);
  });
});
