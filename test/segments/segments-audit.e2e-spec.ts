import { keys, startEngine, TestEngine } from '../support/engine-harness';

const DS = 'audit_ds';
const STREAM = encodeURIComponent('datasource-acme/audit_ds');
const hourly = Array.from({ length: 6 }, (_, h) => ({
  interval: `2024-02-01T0${h}:00:00.000Z/2024-02-01T0${h + 1}:00:00.000Z`,
  version: 'v1',
  size: 1,
}));
const idOf = (h: number) => `${DS}_2024-02-01T0${h}:00:00.000Z_2024-02-01T0${h + 1}:00:00.000Z_v1`;

interface EventJson {
  type: string;
  data: { segmentIds?: string[] };
  metadata: { source: string; tenant: string };
}

describe('segments history, idempotency and tenants', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
    expect(
      (await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, { body: { segments: hourly } }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const history = async () =>
    (
      (await engine.request('GET', `/engine/v1/streams/${STREAM}/events?limit=1000`)).json as {
        events: EventJson[];
      }
    ).events;

  it('records each change with its source API and exactly the segments that moved', async () => {
    await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
      body: { interval: '2024-02-01T01:00:00.000Z/2024-02-01T03:00:00.000Z' },
    });
    const events = await history();
    expect(events.map((e) => [e.type, e.metadata.source])).toEqual([
      ['SegmentsPublished', 'native'],
      ['SegmentsMarkedUnused', 'druid'],
    ]);
    expect(events[1].data.segmentIds).toEqual([idOf(1), idOf(2)]);
    expect(events[1].metadata.tenant).toBe('acme');
  });

  it('a retry with the same Idempotency-Key returns the first answer and appends nothing', async () => {
    const send = () =>
      engine.request('DELETE', `/druid/coordinator/v1/datasources/${DS}/segments/${idOf(4)}`, {
        headers: { 'Idempotency-Key': 'retry-me-1' },
      });
    const first = await send();
    const before = (await history()).length;
    const retry = await send();
    expect(first.json).toEqual({ segmentStateChanged: true });
    expect(retry.json).toEqual(first.json);
    expect((await history()).length).toBe(before);
  });

  it('kills with the deprecated ?kill=true&interval= form too', async () => {
    const res = await engine.request(
      'DELETE',
      `/druid/coordinator/v1/datasources/${DS}?kill=true&interval=2024-02-01T00:00:00.000Z_2024-02-02T00:00:00.000Z`,
    );
    expect(res.status).toBe(200);
    const killed = (await history()).filter((e) => e.type === 'UnusedSegmentsKilled');
    expect(killed.flatMap((e) => e.data.segmentIds)).toEqual([idOf(1), idOf(2), idOf(4)]);
  });

  it('another tenant sees none of it, through either API', async () => {
    const other = { key: keys.otherTenant };
    const native = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=all`, other);
    expect(native.json).toEqual({ segments: [] });
    expect(
      (await engine.request('GET', `/druid/coordinator/v1/metadata/datasources/${DS}/segments`, other))
        .status,
    ).toBe(404);
    expect((await engine.request('GET', `/engine/v1/streams/${STREAM}/events`, other)).status).toBe(404);
    const theirs = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
      ...other,
      body: { segments: hourly },
    });
    expect(theirs.status).toBe(201);
    const ours = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=used`);
    expect((ours.json as { segments: unknown[] }).segments).toHaveLength(3);
  });
});
