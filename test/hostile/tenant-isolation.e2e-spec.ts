import * as http from 'node:http';
import { HttpResponse, keys, RouteEntry, startEngine, TestEngine } from '../support/engine-harness';
import {
  dialectHeaders,
  distinctRoutes,
  fillPath,
  isPublic,
  isWrite,
  SAMPLE_BODIES,
} from './support/route-catalogue';

/** Values only tenant acme's stored data holds: none of them is ever sent by another caller. */
const MARKERS = {
  segmentSize: 987654321,
  partRows: 123454321,
  location: 'obs://acme-secret-bucket/orders/',
  tableId: 770077007,
  planName: 'acme_secret_plan',
};

/**
 * The matrix is generated from the app's route table, so a new route is covered without a new
 * test: every route, called as another tenant's admin, as acme's reader and without a key, on
 * acme's own resources. Another tenant sees none of acme's data; no caller but acme's writers
 * changes acme's events.
 */
describe('tenant isolation, every route of the route table', () => {
  let engine: TestEngine;
  let routes: RouteEntry[];
  const params: Record<string, string> = {};

  const asAcme = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    engine.request(method, path, { body, headers });
  const acmeEvents = async () =>
    ((await engine.request('GET', '/engine/v1/events?limit=1000')).json as { events: unknown[] }).events;

  beforeAll(async () => {
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
    routes = distinctRoutes(engine.routes!);
    const version = '2031-01-01T00:00:00.000Z';
    const interval = '2015-09-12T16:00:00.000Z/2015-09-12T17:00:00.000Z';
    const published = await asAcme('POST', '/engine/v1/datasources/iso_ds/segments', {
      segments: [{ interval, version, partitionNum: 0, size: MARKERS.segmentSize }],
    });
    expect(published.status).toBe(201);
    const ch = await engine.request('POST', '/clickhouse/', {
      rawBody:
        'CREATE TABLE iso_db.iso_t (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(ch.status).toBe(200);
    expect(
      (
        await asAcme('POST', '/engine/v1/mergetree/tables/iso_db/iso_t/parts', {
          partition: 201901,
          rows: MARKERS.partRows,
          bytesOnDisk: 4096,
        })
      ).status,
    ).toBe(201);
    const lf = '/v1/acme/instances/i1/catalogs';
    const sd = {
      ...(
        SAMPLE_BODIES[
          'POST /v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases/:database_name/tables'
        ] as { storage_descriptor: object }
      ).storage_descriptor,
      location: MARKERS.location,
    };
    const lfHeaders = { 'x-auth-token': keys.admin };
    for (const [path, body] of [
      [lf, { catalog_name: 'isocat' }],
      [`${lf}/isocat/databases`, { database_name: 'isodb' }],
      [
        `${lf}/isocat/databases/isodb/tables`,
        {
          table_name: 'isotab',
          table_type: 'EXTERNAL_TABLE',
          partition_keys: [{ column_name: 'dt', column_type: 'string' }],
          storage_descriptor: sd,
        },
      ],
      [
        `${lf}/isocat/databases/isodb/tables/isotab/partitions/batch-create`,
        {
          if_not_exist: true,
          partitions: [
            {
              partition_values: ['2024-01-01'],
              create_time: '2024-01-01T00:00:00.000Z',
              last_access_time: '2024-01-01T00:00:00.000Z',
              parameters: {},
              storage_descriptor: sd,
            },
          ],
        },
      ],
    ] as const) {
      expect([path, (await asAcme('POST', path, body, lfHeaders)).status]).toEqual([path, 201]);
    }
    const tablet = await asAcme('POST', '/engine/v1/tablets', {
      tablet_id: 70015,
      table_id: MARKERS.tableId,
      schema_hash: 368169781,
      rowsets: [{ start_version: 0, end_version: 1, size: 100, segments: 1 }],
    });
    expect(tablet.status).toBe(201);
    const plan = await asAcme('POST', '/engine/v1/materialization/plans', {
      name: MARKERS.planName,
      refreshType: 'INCREMENTAL',
      granularity: 'DAY',
    });
    expect(plan.status).toBe(201);
    const events = (await acmeEvents()) as { stream: string }[];
    Object.assign(params, {
      datasource: 'iso_ds',
      segmentId: `iso_ds_${interval.replace('/', '_')}_${version}`,
      interval: interval.replace('/', '_'),
      database: 'iso_db',
      table: 'iso_t',
      project_id: 'acme',
      instance_id: 'i1',
      catalog_name: 'isocat',
      database_name: 'isodb',
      table_name: 'isotab',
      tablet_id: '70015',
      compaction_id: 'c1',
      version: 'v1',
      uuid: (plan.json as { uuid: string }).uuid,
      name: 'segment-used',
      stream: encodeURIComponent(events[0].stream),
      category: 'datasource',
      id: 'iso_ds',
      subject: `iso_ds_${interval.replace('/', '_')}_${version}`,
      '*': '',
    });
  });
  afterAll(() => engine.close());

  /** A query string that asks each read route for as much as it will give. */
  function queryFor(route: RouteEntry): string {
    const url = route.url;
    if (url.startsWith('/clickhouse') && route.method === 'GET')
      return `?query=${encodeURIComponent('SELECT * FROM system.parts')}`;
    if (url.startsWith('/api/compaction')) return `?tablet_id=${params.tablet_id}&compact_type=cumulative`;
    if (url.endsWith('/hit')) return '?start=2025-10-20&end=2025-10-22';
    if (url.endsWith('/diff')) return '?fromPosition=0';
    if (url.endsWith('/subscribe')) return '?heartbeat=50';
    if (url.includes('/druid/coordinator/v1/metadata/datasources') && !url.includes(':'))
      return '?includeUnused&full';
    return '';
  }

  function bodyFor(route: RouteEntry): string | undefined {
    if (!isWrite(route.method)) return undefined;
    const sample = SAMPLE_BODIES[`${route.method} ${route.url}`];
    if (sample === undefined) return undefined;
    if (typeof sample === 'string') return sample.replace('db.visits', 'iso_db.iso_t');
    return JSON.stringify(sample).replace('"uuid":"u"', `"uuid":"${params.uuid}"`);
  }

  async function call(route: RouteEntry, headers: Record<string, string>): Promise<HttpResponse> {
    const path = fillPath(route.url, params) + queryFor(route);
    const rawBody = bodyFor(route);
    const all = {
      ...headers,
      ...(rawBody === undefined
        ? {}
        : {
            'content-type':
              route.url.startsWith('/clickhouse') || route.url === '/' ? 'text/plain' : 'application/json',
            'content-length': String(Buffer.byteLength(rawBody)),
          }),
    };
    if (route.url.endsWith('/subscribe')) return readEventStreamStart(engine.port, path, all);
    return engine.request(route.method, path, { key: null, rawBody, headers: all });
  }

  const leaks = (text: string) =>
    Object.values(MARKERS)
      .map(String)
      .filter((marker) => text.includes(marker));

  it('covers every route of the route table, whose reads show acme each of its markers', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(60);
    // Otherwise "no marker leaked" below would prove nothing.
    const seen = new Set<string>();
    for (const route of routes.filter((r) => !isWrite(r.method))) {
      for (const marker of leaks((await call(route, dialectHeaders(route.url, keys.admin, 'acme'))).text))
        seen.add(marker);
    }
    expect([...seen].sort()).toEqual(Object.values(MARKERS).map(String).sort());
  });

  it("shows another tenant's admin none of acme's data and lets it change none of acme's events", async () => {
    const before = await acmeEvents();
    const findings: string[] = [];
    for (const route of routes.filter((r) => !isPublic(r.url))) {
      const answer = await call(route, dialectHeaders(route.url, keys.otherTenant, 'globex'));
      const leaked = leaks(answer.text);
      if (answer.status >= 500 || leaked.length > 0)
        findings.push(`${route.method} ${route.url}: ${answer.status} leaks ${leaked.join(',')}`);
    }
    expect(findings).toEqual([]);
    expect(await acmeEvents()).toEqual(before);
  });

  it("refuses every write of acme's reader (403) and changes nothing", async () => {
    const before = await acmeEvents();
    const findings: string[] = [];
    for (const route of routes.filter((r) => !isPublic(r.url))) {
      const answer = await call(route, dialectHeaders(route.url, keys.reader, 'acme'));
      // ClickHouse takes reads by POST too: a SELECT is a reader's right, an ALTER is not.
      const read = !isWrite(route.method) || /^\s*SELECT/i.test(bodyFor(route) ?? '');
      const expected = read ? [200, 400, 403, 404] : [403];
      if (!expected.includes(answer.status))
        findings.push(`${route.method} ${route.url}: ${answer.status} ${answer.text.slice(0, 160)}`);
    }
    expect(findings).toEqual([]);
    expect(await acmeEvents()).toEqual(before);
  });

  it('answers 401 to every non-public route without a key, and public routes leak nothing', async () => {
    const before = await acmeEvents();
    const findings: string[] = [];
    for (const route of routes) {
      const answer = await call(route, {});
      const expected = isPublic(route.url) ? answer.status < 400 : answer.status === 401;
      if (!expected || leaks(answer.text).length > 0)
        findings.push(`${route.method} ${route.url}: ${answer.status} ${answer.text.slice(0, 160)}`);
    }
    expect(findings).toEqual([]);
    expect(await acmeEvents()).toEqual(before);
  });

  it('keeps engine-wide routes (metrics, projections, global head) to engine-wide keys', async () => {
    for (const key of [keys.admin, keys.otherTenant, keys.reader]) {
      expect((await engine.request('GET', '/metrics', { key })).status).toBe(403);
      expect((await engine.request('GET', '/engine/v1/projections', { key })).status).toBe(403);
      expect(
        (await engine.request('POST', '/engine/v1/projections/segment-used/rebuild', { key })).status,
      ).toBe(403);
      const page = (await engine.request('GET', '/engine/v1/events', { key })).json as Record<
        string,
        unknown
      >;
      expect(page).not.toHaveProperty('head');
    }
    // globex's page holds its own events only (the matrix above wrote some in its own namespace).
    const globex = (await engine.request('GET', '/engine/v1/events', { key: keys.otherTenant })).json as {
      events: { metadata: { tenant: string } }[];
      next: string;
    };
    expect(new Set(globex.events.map((e) => e.metadata.tenant))).toEqual(new Set(['globex']));
    expect(leaks(JSON.stringify(globex))).toEqual([]);
    const system = (await engine.request('GET', '/engine/v1/events', { key: keys.system })).json as {
      events: unknown[];
      head: string;
    };
    expect(system.events.length).toBe((await acmeEvents()).length + globex.events.length);
    expect(BigInt(system.head)).toBeGreaterThan(0n);
    expect((await engine.request('GET', '/metrics', { key: keys.system })).status).toBe(200);
    // An engine-wide key owns no tenant's data.
    expect(
      (await engine.request('GET', '/engine/v1/datasources/iso_ds/segments', { key: keys.system })).status,
    ).toBe(403);
  });
});

/**
 * Reads a Server-Sent Events answer until two heartbeats have passed (the catch-up events, if
 * any, are written before), then hangs up: the stream itself never ends.
 */
function readEventStreamStart(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let text = '';
      const done = () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: new Headers(), text, json: undefined });
      };
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.split(': heartbeat').length > 2) done();
      });
      response.on('end', done);
    });
    request.on('error', reject);
  });
}
