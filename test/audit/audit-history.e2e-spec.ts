import { projectionChecksum } from '@engine/audit';
import { ProjectionRegistry } from '@engine/kernel';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { contractViolations } from './support/event-contract';
import {
  DS,
  markAllUnusedAndKill,
  markUnused,
  markUsed,
  pause,
  publish,
  segmentId,
} from './support/segments-lifecycle';

interface StateView {
  revision: string;
  position?: string;
  state: { usedCount: number; segments: { id: string; used: boolean }[] };
}
interface EventsPage {
  events: { type: string; revision: string; position: string; metadata: { tenant: string; actor: string } }[];
  next?: string;
}

const AUDIT = `/engine/v1/audit/datasource/${DS}`;

describe('audit: history, time travel, diff and rebuild over a segments lifecycle', () => {
  let engine: TestEngine;
  const times: string[] = [];

  beforeAll(async () => {
    engine = await startEngine();
    // t0: 3 segments published; t1: hour 1 marked unused; t2: used again; then all unused and killed.
    await publish(engine, [0, 1, 2]);
    await pause(20);
    times.push(new Date().toISOString());
    await pause(20);
    await markUnused(engine, 1);
    await pause(20);
    times.push(new Date().toISOString());
    await pause(20);
    await markUsed(engine, 1);
    await pause(20);
    times.push(new Date().toISOString());
    await pause(20);
    await markAllUnusedAndKill(engine);
  });
  afterAll(() => engine?.close());

  const get = async <T>(path: string, key?: string) => {
    const res = await engine.request('GET', path, { key });
    return { status: res.status, body: res.json as T };
  };

  it("pages an aggregate's events with envelope metadata", async () => {
    const first = await get<EventsPage>(`${AUDIT}/events?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.events.map((e) => e.type)).toEqual(['SegmentsPublished', 'SegmentsMarkedUnused']);
    expect(first.body.events[0].metadata).toMatchObject({ tenant: 'acme', source: 'native' });
    expect(first.body.next).toBe('2');
    const rest = await get<EventsPage>(`${AUDIT}/events?from=${first.body.next}`);
    expect(rest.body.events.map((e) => e.type)).toEqual([
      'SegmentsMarkedUsed',
      'SegmentsMarkedUnused',
      'UnusedSegmentsKilled',
    ]);
    expect(rest.body.next).toBeUndefined();
    const byStream = await get<EventsPage>(
      `/engine/v1/audit/streams/${encodeURIComponent(`datasource-acme/${DS}`)}/events`,
    );
    expect(byStream.body.events).toHaveLength(5);
  });

  it("hides another tenant's aggregate (404) and rejects bad paging (400)", async () => {
    expect((await get(`${AUDIT}/events`, keys.otherTenant)).status).toBe(404);
    expect((await get(`${AUDIT}/state`, keys.otherTenant)).status).toBe(404);
    const stream = encodeURIComponent(`datasource-acme/${DS}`);
    expect((await get(`/engine/v1/audit/streams/${stream}/events`, keys.otherTenant)).status).toBe(404);
    expect((await get('/engine/v1/audit/nosuchcategory/x/events')).status).toBe(404);
    expect((await get(`${AUDIT}/events?limit=0`)).status).toBe(400);
  });

  it('gives the history of one segment: only the events that touched it, with what changed', async () => {
    const res = await get<{ entries: { type: string; changes: { change: string }[]; data?: unknown }[] }>(
      `${AUDIT}/subjects/${encodeURIComponent(segmentId(1))}/history`,
    );
    expect(res.status).toBe(200);
    expect(res.body.entries.map((e) => [e.type, e.changes.map((c) => c.change)])).toEqual([
      ['SegmentsPublished', ['published']],
      ['SegmentsMarkedUnused', ['marked unused']],
      ['SegmentsMarkedUsed', ['marked used']],
      ['SegmentsMarkedUnused', ['marked unused']],
      ['UnusedSegmentsKilled', ['killed']],
    ]);
    expect(res.body.entries[0].data).toBeUndefined();
    const other = await get<{ entries: unknown[] }>(
      `${AUDIT}/subjects/${encodeURIComponent(segmentId(0))}/history`,
    );
    expect(other.body.entries).toHaveLength(3);
  });

  it('answers the state as of three points in time, and at a position', async () => {
    const used = (view: StateView) => view.state.segments.filter((s) => s.used).map((s) => s.id);
    const at = (time: string) => get<StateView>(`${AUDIT}/state?asOf=${encodeURIComponent(time)}`);
    const [t0, t1, t2] = await Promise.all(times.map(at));
    expect(used(t0.body)).toEqual([segmentId(0), segmentId(1), segmentId(2)]);
    expect(used(t1.body)).toEqual([segmentId(0), segmentId(2)]);
    expect(t1.body.state.segments).toHaveLength(3);
    expect(used(t2.body)).toEqual([segmentId(0), segmentId(1), segmentId(2)]);
    const now = await get<StateView>(`${AUDIT}/state`);
    expect(now.body.state).toEqual({ usedCount: 0, segments: [] });
    expect(now.body.revision).toBe('4');
    const byPosition = await get<StateView>(`${AUDIT}/state?atPosition=${t1.body.position}`);
    expect(byPosition.body.state).toEqual(t1.body.state);
    const before = await get<StateView>(`${AUDIT}/state?asOf=2000-01-01`);
    expect(before.body).toMatchObject({ revision: '-1', state: { usedCount: 0, segments: [] } });
  });

  it('rejects a malformed asOf or atPosition with a 400 in the native shape', async () => {
    for (const query of ['asOf=yesterday', 'asOf=2024-13-45T00:00:00Z', 'atPosition=-1', 'atPosition=1.5']) {
      const res = await get<{ error: { code: string } }>(`${AUDIT}/state?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
    }
  });

  it('diffs two points: the events between them and the state before and after', async () => {
    const res = await get<{
      before: StateView;
      after: StateView;
      events: { type: string; changes: { key: string; change: string }[] }[];
    }>(`${AUDIT}/diff?fromAsOf=${encodeURIComponent(times[0])}&toAsOf=${encodeURIComponent(times[2])}`);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e) => e.type)).toEqual(['SegmentsMarkedUnused', 'SegmentsMarkedUsed']);
    expect(res.body.events[0].changes).toEqual([
      expect.objectContaining({ key: segmentId(1), change: 'marked unused' }),
    ]);
    expect(res.body.before.revision).toBe('0');
    expect(res.body.after.revision).toBe('2');
    const whole = await get<{ events: unknown[] }>(`${AUDIT}/diff`);
    expect(whole.body.events).toHaveLength(5);
    const backwards = await get(`${AUDIT}/diff?fromAsOf=${encodeURIComponent(times[2])}&toPosition=1`);
    expect(backwards.status).toBe(400);
  });

  it('lists projections and rebuilds one beside the live copy, to equal rows', async () => {
    // Projections hold every tenant's data: listing and rebuilding them is engine-wide.
    expect((await engine.request('GET', '/engine/v1/projections')).status).toBe(403);
    const list = await get<{ projections: { name: string; checkpoint: string; lag: string }[] }>(
      '/engine/v1/projections',
      keys.system,
    );
    expect(list.status).toBe(200);
    expect(list.body.projections.map((p) => p.name)).toContain('segment-used');
    expect(list.body.projections[0]).toHaveProperty('eventsPerSecond');

    const registry = engine.app!.get(ProjectionRegistry);
    // Read models apply on their own thread: the live copy must show every event before comparing.
    await registry.caughtUp();
    const before = projectionChecksum(registry.database('segment-used'));
    const oldDb = registry.database('segment-used');
    const rebuild = (name: string, key: string) =>
      engine.request('POST', `/engine/v1/projections/${name}/rebuild`, { key });
    expect((await rebuild('nope', keys.system)).status).toBe(404);
    // A tenant's admin may not rebuild a read model that holds every tenant's data.
    expect((await rebuild('segment-used', keys.admin)).status).toBe(403);
    expect((await rebuild('segment-used', keys.operator)).status).toBe(403);
    const started = await rebuild('segment-used', keys.system);
    expect(started.status).toBe(202);
    // The rebuild switches databases when it is done: wait for that, however long a busy machine takes.
    while (registry.database('segment-used') === oldDb) await pause(20);
    expect(projectionChecksum(registry.database('segment-used'))).toEqual(before);
  });

  it('serves the AsyncAPI document without a key', async () => {
    const res = await engine.request('GET', '/engine/v1/asyncapi.json', { key: null });
    expect(res.status).toBe(200);
    const doc = res.json as { asyncapi: string; channels: { events: { address: string; messages: object } } };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.events.address).toBe('/engine/v1/events/subscribe');
    expect(Object.keys(doc.channels.events.messages)).toContain('datasource.SegmentsPublished');
  });

  it('documents the audit routes in OpenAPI', async () => {
    const spec = (await engine.request('GET', '/docs-json', { key: null })).json as { paths: object };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/engine/v1/audit/{category}/{id}/state',
        '/engine/v1/audit/{category}/{id}/diff',
        '/engine/v1/projections/{name}/rebuild',
        '/engine/v1/events/subscribe',
      ]),
    );
  });

  it('emitted only events that match their JSON Schemas', async () => {
    expect(await contractViolations(engine)).toEqual([]);
  });
});
