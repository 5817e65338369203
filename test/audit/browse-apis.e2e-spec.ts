import Ajv from 'ajv';
import { LakeFormationClient, tableBody } from '../catalog/lakeformation-client';
import { registerTablet } from '../compaction/compaction-fixtures';
import { keys, startEngine, TestEngine } from '../support/engine-harness';

const V1 = '2024-01-01T00:00:00.000Z';
const V2 = '2024-02-01T00:00:00.000Z';
const hour = (h: number) =>
  `2024-03-01T${String(h).padStart(2, '0')}:00:00.000Z/2024-03-01T${String(h + 1).padStart(2, '0')}:00:00.000Z`;

/** Browsing every family in its own dialect, and the native per-category listing, paged and tenant-scoped. */
describe('browse APIs', () => {
  let engine: TestEngine;
  const lf = () => new LakeFormationClient(engine);

  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
    const publish = (ds: string, version: string, hours: number[]) =>
      engine.request('POST', `/engine/v1/datasources/${ds}/segments`, {
        body: { segments: hours.map((h) => ({ interval: hour(h), version, partitionNum: 0, size: 100 })) },
      });
    // wiki: hours 0-2 at V1, hour 1 again at V2 (overshadows V1's hour 1); then V1 hour 2 unused.
    expect((await publish('wiki', V1, [0, 1, 2])).status).toBe(201);
    expect((await publish('wiki', V2, [1])).status).toBe(201);
    expect((await publish('clicks', V1, [5])).status).toBe(201);
    const unused = await engine.request('POST', '/druid/coordinator/v1/datasources/wiki/markUnused', {
      body: { segmentIds: [`wiki_${hour(2).replace('/', '_')}_${V1}`] },
    });
    expect(unused.status).toBe(200);

    const client = lf();
    for (const response of [
      await client.createCatalog('hive'),
      await client.createDatabase('hive', 'sales'),
      await client.createDatabase('hive', 'ops'),
      await client.createDatabase('hive', 'web'),
      await client.createTable('hive', 'sales', tableBody('orders', ['dt'])),
      await client.createTable('hive', 'sales', tableBody('items', ['dt'])),
      await client.createTable('hive', 'sales', tableBody('refunds', ['dt'])),
      await client.createTable('hive', 'ops', tableBody('jobs', ['dt'])),
    ])
      expect(response.status).toBe(201);

    await registerTablet(engine, 20, [[0, 1]], 2);
    await registerTablet(engine, 10, [[0, 1]], 2);
    await registerTablet(engine, 30, [[0, 1]], 2);
  });
  afterAll(() => engine?.close());

  const get = async <T>(path: string, key?: string) => {
    const res = await engine.request('GET', path, { key });
    return { status: res.status, body: res.json as T, text: res.text };
  };

  describe('Druid coordinator', () => {
    it('lists datasources: names, ?simple with counts and extent, ?full with used segments', async () => {
      expect((await get('/druid/coordinator/v1/datasources')).body).toEqual(['clicks', 'wiki']);
      const simple = await get<{ name: string; properties: { segments: Record<string, unknown> } }[]>(
        '/druid/coordinator/v1/datasources?simple',
      );
      expect(simple.body.find((d) => d.name === 'wiki')?.properties).toEqual({
        tiers: { _default_tier: { segmentCount: 3, size: 300, replicatedSize: 300 } },
        segments: {
          count: 3,
          size: 300,
          replicatedSize: 300,
          minTime: '2024-03-01T00:00:00.000Z',
          maxTime: '2024-03-01T02:00:00.000Z',
        },
      });
      const full = await get<{ name: string; segments: unknown[] }[]>(
        '/druid/coordinator/v1/datasources?full',
      );
      expect(full.body.map((d) => [d.name, d.segments.length])).toEqual([
        ['clicks', 1],
        ['wiki', 3],
      ]);
      expect((await get('/druid/coordinator/v1/datasources', keys.otherTenant)).body).toEqual([]);
    });

    it('answers one datasource, and 204 for an unknown one', async () => {
      const one = await get<{ segments: { count: number } }>('/druid/coordinator/v1/datasources/clicks');
      expect(one.body.segments.count).toBe(1);
      expect((await get('/druid/coordinator/v1/datasources/nosuch')).status).toBe(204);
    });

    it('answers metadata/datasources/{ds} as ImmutableDruidDataSource, 404 when unknown or another tenant', async () => {
      const meta = await get<{ name: string; properties: object; segments: { identifier: string }[] }>(
        '/druid/coordinator/v1/metadata/datasources/wiki',
      );
      expect(meta.status).toBe(200);
      expect(meta.body.name).toBe('wiki');
      expect(meta.body.properties).toEqual({});
      expect(meta.body.segments).toHaveLength(3);
      expect((await get('/druid/coordinator/v1/metadata/datasources/nosuch')).status).toBe(404);
      expect((await get('/druid/coordinator/v1/metadata/datasources/wiki', keys.otherTenant)).status).toBe(
        404,
      );
    });
  });

  describe('native segment browsing', () => {
    it('pages datasources and segments, flags the overshadowed one', async () => {
      const first = await get<{ datasources: { name: string; usedCount: number }[]; next?: string }>(
        '/engine/v1/browse/datasources?limit=1',
      );
      expect(first.body.datasources.map((d) => d.name)).toEqual(['clicks']);
      const second = await get<{ datasources: { name: string; usedCount: number; unusedCount: number }[] }>(
        `/engine/v1/browse/datasources?limit=1&cursor=${first.body.next}`,
      );
      expect(second.body.datasources).toMatchObject([{ name: 'wiki', usedCount: 3, unusedCount: 1 }]);

      type Page = { segments: { id: string; state: string; overshadowed: boolean }[]; next?: string };
      const all: Page['segments'] = [];
      let cursor = '';
      do {
        const page = await get<Page>(
          `/engine/v1/browse/datasources/wiki/segments?state=all&limit=2&cursor=${cursor}`,
        );
        expect(page.body.segments.length).toBeLessThanOrEqual(2);
        all.push(...page.body.segments);
        cursor = page.body.next ?? '';
      } while (cursor);
      expect(all).toHaveLength(4);
      const overshadowed = await get<Page>('/engine/v1/browse/datasources/wiki/segments?state=overshadowed');
      expect(overshadowed.body.segments.map((s) => s.id)).toEqual([
        `wiki_${hour(1).replace('/', '_')}_${V1}`,
      ]);
      const unused = await get<Page>('/engine/v1/browse/datasources/wiki/segments?state=unused');
      expect(unused.body.segments.map((s) => s.state)).toEqual(['unused']);
      expect((await get('/engine/v1/browse/datasources/wiki/segments?state=bogus')).status).toBe(400);
      expect(
        (await get<Page>('/engine/v1/browse/datasources/wiki/segments', keys.otherTenant)).body.segments,
      ).toEqual([]);
    });
  });

  describe('LakeFormation', () => {
    it('lists catalogs, pages databases and tables with page_info', async () => {
      const client = lf();
      const catalogs = await client.send('GET', client.base);
      expect((catalogs.json as { catalog_name: string }[]).map((c) => c.catalog_name)).toEqual(['hive']);
      const dbs = await client.send('GET', `${client.base}/hive/databases?limit=2`);
      const dbPage = dbs.json as {
        databases: { database_name: string }[];
        page_info: { next_marker: string };
      };
      expect(dbPage.databases.map((d) => d.database_name)).toEqual(['ops', 'sales']);
      const rest = await client.send(
        'GET',
        `${client.base}/hive/databases?limit=2&marker=${dbPage.page_info.next_marker}`,
      );
      expect(rest.json).toMatchObject({
        databases: [{ database_name: 'web' }],
        page_info: { next_marker: null, current_count: 1 },
      });
      const tables = await client.send('GET', `${client.tablesPath('hive', 'sales')}?limit=2`);
      const tablePage = tables.json as {
        tables: { table_name: string }[];
        page_info: { next_marker: string };
      };
      expect(tablePage.tables.map((t) => t.table_name)).toEqual(['items', 'orders']);
      const last = await client.send(
        'GET',
        `${client.tablesPath('hive', 'sales')}?limit=2&marker=${tablePage.page_info.next_marker}`,
      );
      expect((last.json as { tables: { table_name: string }[] }).tables.map((t) => t.table_name)).toEqual([
        'refunds',
      ]);
      expect((await client.send('GET', client.tablesPath('hive', 'nosuch'))).status).toBe(404);
      expect((await client.send('GET', `${client.base}/nosuch/databases`)).status).toBe(404);
    });

    it('shows another tenant none of it', async () => {
      const other = lf().as(keys.otherTenant, 'globex');
      expect((await other.send('GET', other.base)).json).toEqual([]);
    });
  });

  describe('Doris tablets', () => {
    it('lists tablets in the BE shape and pages them natively', async () => {
      const doris = await get<{ msg: string; code: number; data: { tablets: unknown[] }; count: number }>(
        '/tablets_json?limit=all',
      );
      expect(doris.body).toMatchObject({ msg: 'OK', code: 0, count: 3 });
      expect(doris.body.data.tablets[0]).toEqual({ tablet_id: 10, schema_hash: 700967178 });
      expect((await get<{ count: number }>('/tablets_json')).body.count).toBe(0);
      const page = await get<{ tablets: { tabletId: number }[]; next?: string }>(
        '/engine/v1/browse/tablets?limit=2',
      );
      expect(page.body.tablets.map((t) => t.tabletId)).toEqual([10, 20]);
      const rest = await get<{ tablets: { tabletId: number }[]; next?: string }>(
        `/engine/v1/browse/tablets?limit=2&cursor=${page.body.next}`,
      );
      expect(rest.body).toEqual({ tablets: [expect.objectContaining({ tabletId: 30, rowsetCount: 1 })] });
    });
  });

  describe('CAN plans', () => {
    it('pages plans with their hit / cleared / failed partition counts, tenant-scoped', async () => {
      const uuids: string[] = [];
      for (const name of ['p1', 'p2', 'p3']) {
        const created = await engine.request('POST', '/engine/v1/materialization/plans', {
          body: { name, refreshType: 'INCREMENTAL', granularity: 'DAY' },
        });
        uuids.push((created.json as { uuid: string }).uuid);
      }
      const day = (d: string) => ({ dateGranularity: 'DAY', startTime: d, endTime: d });
      const backfill = await engine.request(
        'POST',
        `/engine/v1/materialization/plans/${uuids[0]}/backfills`,
        {
          body: { successTimeRange: [day('2025-01-01')], failedTimeRange: [day('2025-01-02')] },
        },
      );
      expect(backfill.status).toBeLessThan(300);
      type Plans = { plans: { uuid: string; name: string; partitions: object }[]; next?: string };
      const first = await get<Plans>('/engine/v1/browse/plans?limit=2');
      expect(first.body.plans.map((p) => p.name)).toEqual(['p1', 'p2']);
      expect(first.body.plans[0].partitions).toEqual({ hit: 1, cleared: 0, failed: 1 });
      const rest = await get<Plans>(`/engine/v1/browse/plans?limit=2&cursor=${first.body.next}`);
      expect(rest.body).toEqual({ plans: [expect.objectContaining({ uuid: uuids[2] })] });
      expect((await get<Plans>('/engine/v1/browse/plans', keys.otherTenant)).body.plans).toEqual([]);
    });
  });

  it('answers bad paging input with a 4xx in the dialect, never a 500', async () => {
    const lfBase = lf().base;
    const bad = [
      '/engine/v1/audit/datasource/aggregates?limit=abc',
      '/engine/v1/audit/datasource/aggregates?cursor=1&cursor=2',
      '/engine/v1/audit/datasource/aggregates?sort=recent&cursor=x',
      '/engine/v1/browse/datasources?limit=5000',
      '/engine/v1/browse/datasources/wiki/segments?cursor=a&cursor=b',
      '/engine/v1/browse/tablets?cursor=abc',
      '/engine/v1/browse/plans?limit=0',
    ];
    for (const path of bad) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 400]);
    }
    for (const path of [
      `${lfBase}/hive/databases?limit=0`,
      `${lfBase}/hive/databases/sales/tables?marker=%25%25`,
    ]) {
      const res = await lf().send('GET', path);
      expect([path, res.status]).toEqual([path, 400]);
    }
  });

  it('answers every browse route as its OpenAPI 200 schema says', async () => {
    type Op = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
    const doc = (await engine.request('GET', '/docs-json', { key: null })).json as {
      paths: Record<string, { get: Op }>;
    };
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const lfBase = lf().base;
    const lfTemplate = '/v1/{project_id}/instances/{instance_id}/catalogs';
    // [documented path, request path, key]: both shapes of each route, and another tenant's empty page.
    const cases: [string, string, string?][] = [
      ['/druid/coordinator/v1/datasources', '/druid/coordinator/v1/datasources'],
      ['/druid/coordinator/v1/datasources', '/druid/coordinator/v1/datasources?simple'],
      ['/druid/coordinator/v1/datasources', '/druid/coordinator/v1/datasources?full'],
      ['/druid/coordinator/v1/datasources', '/druid/coordinator/v1/datasources', keys.otherTenant],
      ['/druid/coordinator/v1/datasources/{datasource}', '/druid/coordinator/v1/datasources/wiki'],
      ['/druid/coordinator/v1/datasources/{datasource}', '/druid/coordinator/v1/datasources/wiki?full'],
      [
        '/druid/coordinator/v1/metadata/datasources/{datasource}',
        '/druid/coordinator/v1/metadata/datasources/wiki',
      ],
      ['/engine/v1/browse/datasources', '/engine/v1/browse/datasources?limit=1'],
      ['/engine/v1/browse/datasources', '/engine/v1/browse/datasources', keys.otherTenant],
      [
        '/engine/v1/browse/datasources/{datasource}/segments',
        '/engine/v1/browse/datasources/wiki/segments?state=all&limit=3',
      ],
      [lfTemplate, lfBase],
      [`${lfTemplate}/{catalog_name}/databases`, `${lfBase}/hive/databases?limit=2`],
      [
        `${lfTemplate}/{catalog_name}/databases/{database_name}/tables`,
        `${lfBase}/hive/databases/sales/tables`,
      ],
      ['/tablets_json', '/tablets_json?limit=all'],
      ['/engine/v1/browse/tablets', '/engine/v1/browse/tablets?limit=2'],
      ['/engine/v1/browse/plans', '/engine/v1/browse/plans?limit=1'],
      ['/engine/v1/audit/{category}/aggregates', '/engine/v1/audit/datasource/aggregates?limit=1'],
      ['/engine/v1/audit/{category}/aggregates', '/engine/v1/audit/tablet/aggregates?sort=recent'],
    ];
    for (const [template, path, key] of cases) {
      const schema = doc.paths[template]?.get.responses['200']?.content?.['application/json']?.schema;
      expect([template, schema !== undefined]).toEqual([template, true]);
      const res = template.startsWith(lfTemplate)
        ? await lf().send('GET', path)
        : await engine.request('GET', path, { key });
      expect([path, res.status]).toEqual([path, 200]);
      const validate = ajv.compile(schema as object);
      validate(res.json);
      expect([path, validate.errors ?? []]).toEqual([path, []]);
    }
  });

  describe('native per-category listing', () => {
    type Listing = {
      aggregates: {
        id: string;
        eventCount: number;
        lastChange: { type: string; source: string; actor: string };
      }[];
      next?: string;
    };

    it('lists aggregates with event count and last change, paged by id or by recency', async () => {
      const first = await get<Listing>('/engine/v1/audit/datasource/aggregates?limit=1');
      expect(first.body.aggregates.map((a) => a.id)).toEqual(['clicks']);
      const second = await get<Listing>(
        `/engine/v1/audit/datasource/aggregates?limit=1&cursor=${first.body.next}`,
      );
      expect(second.body.aggregates).toMatchObject([
        { id: 'wiki', eventCount: 3, lastChange: { type: 'SegmentsMarkedUnused', source: 'druid' } },
      ]);
      expect(second.body.next).toBeUndefined();
      const recent = await get<Listing>('/engine/v1/audit/tablet/aggregates?sort=recent');
      expect(recent.body.aggregates.map((a) => a.id)).toEqual(['30', '10', '20']);
      const prefixed = await get<Listing>(
        '/engine/v1/audit/lftable/aggregates?prefix=' +
          encodeURIComponent(`2180518f-42b8-4947-b20b-adfc53981a25/hive/ops/`),
      );
      expect(prefixed.body.aggregates.map((a) => a.id.split('/').pop())).toEqual(['jobs']);
    });

    it('is tenant-scoped, 404 for an unknown category, 400 for a bad query', async () => {
      expect(
        (await get<Listing>('/engine/v1/audit/datasource/aggregates', keys.otherTenant)).body.aggregates,
      ).toEqual([]);
      expect((await get('/engine/v1/audit/nosuch/aggregates')).status).toBe(404);
      expect((await get('/engine/v1/audit/datasource/aggregates?sort=size')).status).toBe(400);
      expect((await get('/engine/v1/audit/datasource/aggregates?limit=0')).status).toBe(400);
    });
  });
});
