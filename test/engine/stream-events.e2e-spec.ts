import { startEngine, TestEngine } from '../support/engine-harness';

const DS = 'stream_ds';
const STREAM = encodeURIComponent('datasource-acme/stream_ds');
const URLS = [`/engine/v1/streams/${STREAM}/events`, `/engine/v1/audit/streams/${STREAM}/events`];
const hour = (h: number) => `2024-03-01T0${h}:00:00.000Z/2024-03-01T0${h + 1}:00:00.000Z`;

interface Page {
  stream: string;
  events: { revision: string; type: string }[];
  next?: string;
}

/** Both URLs of a stream's events are one implementation: same 404, same pages, same errors. */
describe('one stream endpoint under two URLs', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
    // Given a stream of three events: one publish and two markUnused.
    const segments = [0, 1, 2].map((h) => ({ interval: hour(h), version: 'v1', size: 1 }));
    const published = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
      body: { segments },
    });
    expect(published.status).toBe(201);
    for (const h of [0, 1]) {
      const res = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
        body: { interval: hour(h) },
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await engine?.close();
  });

  const page = async (url: string, query: string) => {
    const res = await engine.request('GET', `${url}${query}`);
    expect(res.status).toBe(200);
    return res.json as Page;
  };

  it.each(URLS)('%s answers 404 in the native shape for an unknown stream', async (url) => {
    const unknown = url.replace(STREAM, encodeURIComponent('datasource-acme/never_written'));
    const res = await engine.request('GET', unknown);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each(URLS)('%s pages forwards with next', async (url) => {
    const first = await page(url, '?limit=2');
    expect(first.events.map((e) => e.revision)).toEqual(['0', '1']);
    expect(first.next).toBe('2');
    const last = await page(url, `?limit=2&from=${first.next}`);
    expect(last.events.map((e) => e.revision)).toEqual(['2']);
    expect(last).not.toHaveProperty('next');
  });

  it.each(URLS)('%s pages backwards from the end', async (url) => {
    const first = await page(url, '?limit=2&direction=backwards');
    expect(first.events.map((e) => e.revision)).toEqual(['2', '1']);
    const last = await page(url, `?limit=2&direction=backwards&from=${first.next}`);
    expect(last.events.map((e) => e.revision)).toEqual(['0']);
    expect(last).not.toHaveProperty('next');
  });

  it('gives the same page under both URLs', async () => {
    const [legacy, audit] = await Promise.all(URLS.map((url) => page(url, '?limit=1000')));
    expect(legacy).toEqual(audit);
    expect(legacy.events.map((e) => e.type)).toEqual([
      'SegmentsPublished',
      'SegmentsMarkedUnused',
      'SegmentsMarkedUnused',
    ]);
  });

  it.each(URLS)('%s refuses a bad direction or limit with a 400', async (url) => {
    for (const query of ['?direction=sideways', '?limit=0', '?from=-1']) {
      const res = await engine.request('GET', `${url}${query}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    }
  });
});
