import { startEngine, TestEngine } from '../support/engine-harness';

// Replays every request/response example of seeds/druid-data-management.txt, in an order that
// makes each sample's response hold: 24 hourly wikipedia_hour segments of 2015-09-12.
const V = '2023-08-10T04:12:03.860Z';
const DS = 'wikipedia_hour';
const hourId = (h: number) => {
  const hh = (n: number) => String(n).padStart(2, '0');
  const end = h === 23 ? '2015-09-13T00' : `2015-09-12T${hh(h + 1)}`;
  return `${DS}_2015-09-12T${hh(h)}:00:00.000Z_${end}:00:00.000Z_${V}`;
};
const COORDINATOR = '/druid/coordinator/v1/datasources';
const SEED_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/plain' };

describe('Druid data management API (seed examples)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
    const segments = Array.from({ length: 24 }, (_, h) => ({
      interval: hourId(h).split('_').slice(2, 4).join('/'),
      version: V,
      partitionNum: 0,
      size: 1000 + h,
    }));
    const published = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
      body: { segments },
    });
    expect(published.status).toBe(201);
    expect(published.json).toEqual({ segmentIds: Array.from({ length: 24 }, (_, h) => hourId(h)) });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const usedIds = async () =>
    (await engine.request('GET', `/druid/coordinator/v1/metadata/datasources/${DS}/segments`)).json;

  it('marks a single segment unused', async () => {
    const res = await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${hourId(16)}`, {
      headers: SEED_HEADERS,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ segmentStateChanged: true });
    expect(await usedIds()).not.toContain(hourId(16));
  });

  it('marks a single segment used, by the documented URL and by the sample URL', async () => {
    await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${hourId(18)}`);
    const res = await engine.request('POST', `${COORDINATOR}/segments/${hourId(18)}`, {
      headers: SEED_HEADERS,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ segmentStateChanged: true });
    expect(await usedIds()).toContain(hourId(18));

    await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${hourId(18)}`);
    const sample = await engine.request('POST', `${COORDINATOR}/${DS}/segments/${hourId(18)}`, {
      headers: SEED_HEADERS,
    });
    expect(sample.json).toEqual({ segmentStateChanged: true });
    expect(await usedIds()).toContain(hourId(18));
  });

  it('marks a group of segments unused by IDs', async () => {
    const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
      body: { segmentIds: [hourId(14), hourId(4)] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ numChangedSegments: 2 });
  });

  it('marks a group of segments used by IDs', async () => {
    const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, {
      body: { segmentIds: [hourId(14), hourId(4)] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ numChangedSegments: 2 });
  });

  it('marks all segments used: one unused segment is eligible', async () => {
    const res = await engine.request('POST', `${COORDINATOR}/${DS}`, { headers: SEED_HEADERS });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ numChangedSegments: 1 });
  });

  it('marks all segments unused', async () => {
    const res = await engine.request('DELETE', `${COORDINATOR}/${DS}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ numChangedSegments: 24 });
    const names = await engine.request('GET', '/druid/coordinator/v1/metadata/datasources');
    expect(names.json).toEqual([]);
  });

  it('permanently deletes unused segments of an interval: 200 and an empty body', async () => {
    const res = await engine.request('DELETE', `${COORDINATOR}/${DS}/intervals/2015-09-12_2015-09-13`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const gone = await engine.request(
      'GET',
      `/druid/coordinator/v1/metadata/datasources/${DS}/segments/${hourId(3)}?includeUnused=true`,
    );
    expect(gone.status).toBe(404);
    const all = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=all`);
    expect(all.json).toEqual({ segments: [] });
  });
});
