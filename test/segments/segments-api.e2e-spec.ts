import { keys, startEngine, TestEngine } from '../support/engine-harness';

const COORDINATOR = '/druid/coordinator/v1/datasources';
const METADATA = '/druid/coordinator/v1/metadata/datasources';
const INVALID_PAYLOAD =
  "Invalid request payload. Specify either 'interval' or 'segmentIds', but not both. Optionally, include 'versions' only when 'interval' is provided.";
const DS = 'web_logs';
const id = (interval: string, version: string, partitionNum = 0) => {
  const [start, end] = interval.split('/');
  return `${DS}_${start}_${end}_${version}${partitionNum === 0 ? '' : `_${partitionNum}`}`;
};
const H3 = '2024-01-01T03:00:00.000Z/2024-01-01T04:00:00.000Z';
const H4 = '2024-01-01T04:00:00.000Z/2024-01-01T05:00:00.000Z';
const DAY = '2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z';

describe('segments API', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const publish = (segments: object[], ds = DS, key?: string) =>
    engine.request('POST', `/engine/v1/datasources/${ds}/segments`, { body: { segments }, key });
  const list = async (query = 'state=all', ds = DS) =>
    (await engine.request('GET', `/engine/v1/datasources/${ds}/segments?${query}`)).json as {
      segments: { id: string; state: string }[];
    };

  describe('native publish and listing', () => {
    it('publishes used segments (201) and republishing an existing ID changes nothing', async () => {
      const body = [
        { interval: H3, version: 'v1', partitionNum: 0, size: 10 },
        { interval: H3, version: 'v1', partitionNum: 1, size: 11 },
      ];
      const first = await publish(body);
      expect(first.status).toBe(201);
      expect(first.json).toEqual({ segmentIds: [id(H3, 'v1'), id(H3, 'v1', 1)] });
      const again = await publish(body);
      expect(again.status).toBe(201);
      const { segments } = await list();
      expect(segments.map((s) => [s.id, s.state])).toEqual([
        [id(H3, 'v1'), 'used'],
        [id(H3, 'v1', 1), 'used'],
      ]);
    });

    it('refuses bad input with a 400 in the native shape and stores nothing', async () => {
      const before = await list();
      for (const segments of [
        [{ interval: 'yesterday', version: 'v1', size: 1 }],
        [{ interval: H4, version: '', size: 1 }],
        [{ interval: H4, version: 'v1', size: -1 }],
        [{ interval: H4, version: 'v1', partitionNum: 1.5, size: 1 }],
        [],
      ]) {
        const res = await publish(segments);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.any(String) } });
      }
      const malformed = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
        rawBody: '{"segments": [',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(await list()).toEqual(before);
      expect((await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=maybe`)).status).toBe(
        400,
      );
      expect(
        (await engine.request('GET', `/engine/v1/datasources/${DS}/segments?interval=nope`)).status,
      ).toBe(400);
    });

    it('lists by state and by overlapping interval', async () => {
      await publish([{ interval: DAY, version: 'v0', size: 5 }]);
      const overlapping = await list(`state=used&interval=${encodeURIComponent(H4)}`);
      expect(overlapping.segments.map((s) => s.id)).toEqual([id(DAY, 'v0')]);
      expect((await list('state=unused')).segments).toEqual([]);
    });
  });

  describe('Druid rules over HTTP', () => {
    it('markUnused by interval touches only fully contained segments of the given versions', async () => {
      const empty = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
        body: { interval: DAY, versions: [] },
      });
      expect(empty.json).toEqual({ numChangedSegments: 0 });
      const partial = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
        body: { interval: '2024-01-01T03:00:00.000Z/2024-01-01T03:30:00.000Z' },
      });
      expect(partial.json).toEqual({ numChangedSegments: 0 });
      const byVersion = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
        body: { interval: DAY, versions: ['v1'] },
      });
      expect(byVersion.json).toEqual({ numChangedSegments: 2 });
      expect((await list('state=unused')).segments.map((s) => s.id)).toEqual([id(H3, 'v1'), id(H3, 'v1', 1)]);
    });

    it('markUsed by interval revives only segments not overshadowed', async () => {
      await publish([{ interval: H3, version: 'v2', size: 1 }]);
      const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, { body: { interval: DAY } });
      expect(res.json).toEqual({ numChangedSegments: 0 });
      // With v1 and v2 both unused, the timeline of used segments and candidates has v2 over v1:
      // only v2 is revived (BEHAVIOUR.md §6, Druid SqlSegmentsMetadataQuery).
      await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${id(H3, 'v2')}`);
      const revived = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, {
        body: { interval: DAY },
      });
      expect(revived.json).toEqual({ numChangedSegments: 1 });
      // Back to the state the next cases expect: v1 used, v2 unused.
      await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${id(H3, 'v2')}`);
      const v1 = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, {
        body: { segmentIds: [id(H3, 'v1'), id(H3, 'v1', 1)] },
      });
      expect(v1.json).toEqual({ numChangedSegments: 2 });
    });

    it('refuses an invalid group payload with Druid plain text, and stores nothing', async () => {
      const before = await list();
      for (const body of [
        { interval: DAY, segmentIds: [id(H3, 'v1')] },
        {},
        { segmentIds: [] },
        { segmentIds: [id(H3, 'v1')], versions: ['v1'] },
        { segmentIds: 'not-a-list' },
        undefined,
      ]) {
        for (const action of ['markUnused', 'markUsed']) {
          const res = await engine.request('POST', `${COORDINATOR}/${DS}/${action}`, { body });
          expect(res.status).toBe(400);
          expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
          expect(res.text).toBe(INVALID_PAYLOAD);
        }
      }
      expect(await list()).toEqual(before);
    });

    it('markUsed by IDs fails as a whole, naming unparseable or unknown IDs', async () => {
      await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${id(H3, 'v1')}`);
      const unknown = id(H4, 'v9');
      const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, {
        body: { segmentIds: [id(H3, 'v1'), unknown] },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(
        expect.objectContaining({
          error: 'druidException',
          category: 'INVALID_INPUT',
          errorMessage: `Could not find segment IDs[[${unknown}]] for datasource[${DS}]`,
        }),
      );
      const bad = await engine.request('POST', `${COORDINATOR}/${DS}/markUsed`, {
        body: { segmentIds: ['garbage'] },
      });
      expect(bad.status).toBe(400);
      expect((bad.json as { errorMessage: string }).errorMessage).toBe(
        'Could not parse invalid segment IDs[[garbage]]',
      );
      expect((await list('state=unused')).segments.map((s) => s.id)).toContain(id(H3, 'v1'));
    });

    it('markUnused by IDs ignores unparseable and foreign IDs', async () => {
      const res = await engine.request('POST', `${COORDINATOR}/${DS}/markUnused`, {
        body: { segmentIds: ['garbage', id(H3, 'v1', 1), id(H3, 'v1', 1).replace(DS, 'other')] },
      });
      expect(res.json).toEqual({ numChangedSegments: 1 });
    });

    it('a single-segment call with an unparseable ID is a plain-text 400', async () => {
      const res = await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/garbage`);
      expect(res.status).toBe(400);
      expect(res.text).toBe(`Could not parse Segment ID[garbage] for DataSource[${DS}]`);
    });

    it('accepts URL-encoded segment IDs and intervals', async () => {
      const encoded = encodeURIComponent(id(H3, 'v1'));
      expect(encoded).toContain('%3A');
      const res = await engine.request('POST', `${COORDINATOR}/${DS}/segments/${encoded}`);
      expect(res.json).toEqual({ segmentStateChanged: true });
      await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${encoded}`);
      const kill = await engine.request('DELETE', `${COORDINATOR}/${DS}/intervals/${encodeURIComponent(H3)}`);
      expect(kill.status).toBe(200);
      expect((await list()).segments.map((s) => s.id)).not.toContain(id(H3, 'v1'));
    });

    it('answers 200 for unknown datasources and segments', async () => {
      const single = await engine.request(
        'DELETE',
        `${COORDINATOR}/nothing/segments/${id(H3, 'v1').replace(DS, 'nothing')}`,
      );
      expect(single.json).toEqual({ segmentStateChanged: false });
      expect(
        (await engine.request('POST', `${COORDINATOR}/segments/nothing_${H3.replace('/', '_')}_v1`)).json,
      ).toEqual({
        segmentStateChanged: false,
      });
      expect((await engine.request('DELETE', `${COORDINATOR}/nothing`)).json).toEqual({
        numChangedSegments: 0,
      });
      expect((await engine.request('POST', `${COORDINATOR}/nothing`)).json).toEqual({
        numChangedSegments: 0,
      });
      const kill = await engine.request('DELETE', `${COORDINATOR}/nothing/intervals/2015-09-12_2015-09-13`);
      expect([kill.status, kill.text]).toEqual([200, '']);
      const badInterval = await engine.request('DELETE', `${COORDINATOR}/nothing/intervals/soon`);
      expect(badInterval.status).toBe(400);
    });
  });

  describe('metadata reads', () => {
    it('lists datasources with used segments, and their segments', async () => {
      expect((await engine.request('GET', METADATA)).json).toEqual([DS]);
      const ids = (await engine.request('GET', `${METADATA}/${DS}/segments`)).json as string[];
      expect(ids).toContain(id(DAY, 'v0'));
      const full = (await engine.request('GET', `${METADATA}/${DS}/segments?full`)).json as object[];
      expect(full).toContainEqual({
        dataSource: DS,
        interval: DAY,
        version: 'v0',
        shardSpec: { type: 'numbered', partitionNum: 0, partitions: 0 },
        size: 5,
        identifier: id(DAY, 'v0'),
      });
      expect((await engine.request('GET', `${METADATA}/nothing/segments`)).status).toBe(404);
    });

    it('gets one segment, unused ones only with includeUnused=true', async () => {
      const one = await engine.request(
        'GET',
        `${METADATA}/${DS}/segments/${encodeURIComponent(id(DAY, 'v0'))}`,
      );
      expect(one.status).toBe(200);
      expect((one.json as { identifier: string }).identifier).toBe(id(DAY, 'v0'));
      await publish([{ interval: H4, version: 'v5', size: 1 }]);
      const unused = id(H4, 'v5');
      await engine.request('DELETE', `${COORDINATOR}/${DS}/segments/${unused}`);
      expect((await engine.request('GET', `${METADATA}/${DS}/segments/${unused}`)).status).toBe(404);
      expect(
        (await engine.request('GET', `${METADATA}/${DS}/segments/${unused}?includeUnused=true`)).status,
      ).toBe(200);
    });
  });

  describe('security', () => {
    it('needs a key (401) and the operator role to change (403), in Druid JSON', async () => {
      const anonymous = await engine.request('DELETE', `${COORDINATOR}/${DS}`, { key: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toEqual({ error: expect.any(String) });
      const reader = await engine.request('DELETE', `${COORDINATOR}/${DS}`, { key: keys.reader });
      expect(reader.status).toBe(403);
      expect(reader.json).toEqual({ error: expect.any(String) });
      expect((await engine.request('GET', METADATA, { key: keys.reader })).status).toBe(200);
    });

    it('keeps tenants apart', async () => {
      expect((await engine.request('GET', METADATA, { key: keys.otherTenant })).json).toEqual([]);
      const foreign = await engine.request('DELETE', `${COORDINATOR}/${DS}`, { key: keys.otherTenant });
      expect(foreign.json).toEqual({ numChangedSegments: 0 });
      expect(
        (await engine.request('POST', `${COORDINATOR}/segments/${id(DAY, 'v0')}`, { key: keys.otherTenant }))
          .json,
      ).toEqual({
        segmentStateChanged: false,
      });
      expect((await engine.request('GET', METADATA)).json).toEqual([DS]);
    });
  });
});
