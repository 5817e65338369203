import { startEngine, TestEngine } from '../support/engine-harness';

const COORDINATOR = '/druid/coordinator/v1/datasources';
const DS = 'clicks';
const H = (hour: number) =>
  `2024-03-01T${String(hour).padStart(2, '0')}:00:00.000Z/2024-03-01T${String(hour + 1).padStart(2, '0')}:00:00.000Z`;
const idOf = (hour: number) => {
  const [start, end] = H(hour).split('/');
  return `${DS}_${start}_${end}_v1`;
};

/** BEHAVIOUR.md §6 (Druid): Joda intervals, Boolean.valueOf for ?kill=, JSON-only group endpoints. */
describe('Druid coordinator fidelity', () => {
  let engine: TestEngine;
  const states = async () =>
    (
      (await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=all`)).json as {
        segments: { id: string; state: string }[];
      }
    ).segments.map((s) => [s.id, s.state]);

  beforeAll(async () => {
    engine = await startEngine();
    const segments = [8, 9, 10, 11].map((hour) => ({ interval: H(hour), version: 'v1', size: 1 }));
    const published = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
      body: { segments },
    });
    expect(published.status).toBe(201);
  });
  afterAll(() => engine.close());

  it('reads an interval given as start/period (Joda Interval)', async () => {
    const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
      body: { interval: '2024-03-01T08:00:00.000Z/PT2H' },
    });
    expect([res.status, res.json]).toEqual([200, { numChangedSegments: 2 }]);
    expect(await states()).toEqual([
      [idOf(8), 'unused'],
      [idOf(9), 'unused'],
      [idOf(10), 'used'],
      [idOf(11), 'used'],
    ]);
  });

  it('refuses a text/plain body on markUnused and markUsed with 415, changing nothing', async () => {
    const before = await states();
    for (const action of ['markUnused', 'markUsed']) {
      const res = await engine.request('POST', `${COORDINATOR}/${DS}/${action}`, {
        rawBody: JSON.stringify({ interval: '2024-03-01T00:00:00.000Z/P1D' }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(415);
    }
    expect(await states()).toEqual(before);
  });

  it('kills with ?kill=TRUE as with ?kill=true (Boolean.valueOf)', async () => {
    const res = await engine.request(
      'DELETE',
      `${COORDINATOR}/${DS}?kill=TRUE&interval=2024-03-01T08:00:00.000Z_2024-03-01T10:00:00.000Z`,
    );
    expect(res.status).toBe(200);
    // Killed segments leave the metadata: only the used ones remain.
    expect(await states()).toEqual([
      [idOf(10), 'used'],
      [idOf(11), 'used'],
    ]);
  });
});
