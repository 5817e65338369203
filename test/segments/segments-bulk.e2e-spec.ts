import { startEngine, TestEngine } from '../support/engine-harness';

// A bulk change is one event however large (30,000 segments: ~6 MB of JSON), on SQLite and on
// the EventStoreDB adapter, which stores it in pieces under its 1 MiB append limit and gives it
// back whole to the read models, history and retries.
const DS = 'bulk_ds';
const COUNT = 30_000;
const STREAM = encodeURIComponent(`datasource-acme/${DS}`);
const HOUR = 3_600_000;
const BASE = Date.parse('2020-01-01T00:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();
const segments = Array.from({ length: COUNT }, (_, i) => ({
  interval: `${iso(BASE + i * HOUR)}/${iso(BASE + (i + 1) * HOUR)}`,
  version: 'v1',
  partitionNum: 0,
  size: 1000 + i,
}));
const all = `${iso(BASE)}/${iso(BASE + COUNT * HOUR)}`;

interface EventJson {
  type: string;
  revision: string;
  data: { segments?: unknown[]; segmentIds?: string[] };
}

describe.each(['sqlite', 'esdb-double'] as const)('a bulk change on %s', (store) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ store });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });

  const history = async () =>
    (
      (await engine.request('GET', `/engine/v1/streams/${STREAM}/events?limit=100`)).json as {
        events: EventJson[];
      }
    ).events;
  /** How many used segments the read model lists (Druid answers 404 for a datasource with none). */
  const used = async () => {
    const res = await engine.request('GET', `/druid/coordinator/v1/metadata/datasources/${DS}/segments`);
    return res.status === 404 ? 0 : (res.json as string[]).length;
  };

  it('is one event, read back whole by history, read models and a retry', async () => {
    const published = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
      body: { segments },
    });
    expect(published.status).toBe(201);
    expect(await used()).toBe(COUNT);

    const mark = () =>
      engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
        body: { interval: all },
        headers: { 'Idempotency-Key': `bulk-${store}` },
      });
    const first = await mark();
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ numChangedSegments: COUNT });
    expect(await used()).toBe(0);
    // The retry is answered from the stored change, rebuilt from its one (large) event.
    expect((await mark()).json).toEqual({ numChangedSegments: COUNT });

    const events = await history();
    expect(events.map((e) => e.type)).toEqual(['SegmentsPublished', 'SegmentsMarkedUnused']);
    expect(events[0].data.segments).toHaveLength(COUNT);
    expect(events[1].data.segmentIds).toHaveLength(COUNT);
    // On EventStoreDB each event is at its last piece's revision: stored in pieces, read whole.
    if (store === 'sqlite') expect(events.map((e) => e.revision)).toEqual(['0', '1']);
    else expect(Number(events[0].revision)).toBeGreaterThan(3);

    // The state folded from the stream agrees: everything is back after a markUsed of the lot.
    const back = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUsed`, {
      body: { interval: all },
    });
    expect(back.json).toEqual({ numChangedSegments: COUNT });
    expect(await used()).toBe(COUNT);
  }, 180_000);
});
