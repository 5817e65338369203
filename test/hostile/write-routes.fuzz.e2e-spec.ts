import { EVENT_STORE, EventStore } from '@engine/eventstore';
import fc from 'fast-check';
import { keys, RouteEntry, startEngine, TestEngine } from '../support/engine-harness';
import {
  bodyFor,
  credentials,
  headers,
  pathFor,
  queryString,
  VALID_PARAMS,
} from './support/hostile-arbitraries';
import { startWorkMeter, WorkMeter } from './support/work-meter';
import {
  dialectHeaders,
  distinctRoutes,
  familyOf,
  fillPath,
  isWrite,
  SAMPLE_BODIES,
} from './support/route-catalogue';

/** Each family gets this many generated requests at most, and at most this long. */
const RUNS_PER_FAMILY = 150;
const TIME_PER_FAMILY_MS = 3000;
const FAMILIES = ['druid', 'clickhouse', 'lakeformation', 'doris', 'can', 'engine'];
/**
 * Of each route, the request of the run with the most bytes and the one with the most JSON/query
 * structure (items, nesting, pairs) are replayed with V8 counting the JavaScript blocks they run:
 * their work must stay linear in what they send. Under 1 KB even quadratic work is cheap.
 */
const REPLAY_FROM_BYTES = 1000;
/**
 * Blocks allowed per byte sent, plus a fixed cost per request: ~3.5x the most measured (11.5 a
 * byte, a 10,000-item array validated item by item; see the log line). The quadratic rescan this
 * replaced the stall check to catch runs 150 million blocks on a 30 KB body.
 */
const BLOCKS_PER_BYTE = 40;
const BLOCKS_PER_REQUEST = 40_000;

interface SentRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  bytes: number;
  /** Separators and brackets in the query and body: what a parser or validator iterates over. */
  structure: number;
}

/**
 * Every write route of every dialect (from the app's own route table, so a new route is fuzzed
 * without a new test) gets generated hostile paths, query strings, headers and bodies. None may
 * answer 5xx, a refused request must store nothing, no request may do more than linear work in
 * its size (so none stalls the event loop), and the engine must be healthy and writable afterwards.
 */
describe('fuzzing every write route (seeded, bounded in time)', () => {
  let engine: TestEngine;
  let store: EventStore;
  let writeRoutes: RouteEntry[];
  const stored2xx: string[] = [];
  const large: SentRequest[] = [];

  let meter: WorkMeter;

  beforeAll(async () => {
    // Before the engine: only functions compiled after this get per-block counters.
    meter = await startWorkMeter();
    engine = await startEngine({ env: { COMPACTION_EXECUTOR: 'external' } });
    store = engine.app!.get<EventStore>(EVENT_STORE);
    writeRoutes = distinctRoutes(engine.routes!).filter((r) => isWrite(r.method));
    // Each route's first call compiles its code paths; the watch measures requests, not warm-up.
    for (const route of writeRoutes) {
      const sample = SAMPLE_BODIES[`${route.method} ${route.url}`];
      for (const rawBody of ['{', typeof sample === 'string' ? sample : JSON.stringify(sample ?? {})]) {
        await engine.request(route.method, fillPath(route.url, VALID_PARAMS), {
          key: null,
          rawBody,
          headers: {
            ...dialectHeaders(route.url, keys.admin, 'acme'),
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(rawBody)),
          },
        });
      }
    }
  });
  afterAll(async () => {
    await meter.stop();
    await engine.close();
  });

  const send = (request: SentRequest) =>
    engine.request(request.method, request.path, {
      key: null,
      rawBody: request.body,
      headers: request.headers,
    });

  it('covers every write route of the route table', () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(31);
    const unassigned = writeRoutes.filter((r) => !FAMILIES.includes(familyOf(r.url)));
    expect(unassigned).toEqual([]);
  });

  it.each(FAMILIES)('%s: no 5xx, and a refused request stores no event', async (family) => {
    const routes = writeRoutes.filter((r) => familyOf(r.url) === family);
    const request = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        path: pathFor(route),
        query: queryString,
        headers,
        credentials,
        body: bodyFor(route),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ route, path, query, headers: extra, credentials: forged, body }) => {
        const before = await store.headPosition();
        const sent: SentRequest = {
          route: `${route.method} ${route.url}`,
          method: route.method,
          path: path + query,
          headers: {
            ...(forged ?? dialectHeaders(route.url, keys.admin, 'acme')),
            ...extra,
            // node:http frames a DELETE body only when told its length.
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          },
          body,
          bytes: 0,
          structure: ((path + query + (body ?? '')).match(/[[{,:&=]/g) ?? []).length,
        };
        sent.bytes =
          Buffer.byteLength(sent.path) +
          Object.entries(sent.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k + v), 0) +
          (body === undefined ? 0 : Buffer.byteLength(body));
        if (sent.bytes >= REPLAY_FROM_BYTES) large.push(sent);
        const answer = await send(sent);
        const what = `${route.method} ${path}${query} -> ${answer.status} ${answer.text.slice(0, 300)}`;
        if (process.env.FUZZ_LOG) console.log(what, JSON.stringify(extra), (body ?? '').slice(0, 80));
        // ClickHouse sends some client mistakes as HTTP 500 with their own code
        // (exceptionCodeToHTTPStatus.cpp): allowed there, but never an internal error (1001, 1002).
        const clickHouseAnswer = /^Code: (\d+)\. DB::Exception/.exec(answer.text);
        const faithful500 =
          family === 'clickhouse' &&
          clickHouseAnswer !== null &&
          !['1001', '1002'].includes(clickHouseAnswer[1]);
        expect([what, answer.status < 500 || faithful500]).toEqual([what, true]);
        // Forged credentials never get through (401, or an earlier 400/404/415 for a bad URL or type).
        if (forged) expect([what, answer.status >= 400]).toEqual([what, true]);
        if (answer.status >= 400) expect([what, await store.headPosition()]).toEqual([what, before]);
        else if ((await store.headPosition()) !== before) stored2xx.push(what);
      }),
      { seed: 17, numRuns: RUNS_PER_FAMILY, interruptAfterTimeLimit: TIME_PER_FAMILY_MS },
    );
  });

  // Counted work, not time (a time bound on event-loop stalls fails on a busy machine): a request
  // that blocks the loop for long runs millions of blocks on any machine.
  it('does work linear in the bytes of each request (no quadratic scan of a hostile input)', async () => {
    const replayed = new Set<SentRequest>();
    for (const measure of ['bytes', 'structure'] as const) {
      const mostPerRoute = new Map<string, SentRequest>();
      for (const request of large)
        if ((mostPerRoute.get(request.route)?.[measure] ?? -1) < request[measure])
          mostPerRoute.set(request.route, request);
      for (const request of mostPerRoute.values()) replayed.add(request);
    }
    expect(replayed.size).toBeGreaterThan(0);
    const figures: { request: SentRequest; blocks: number }[] = [];
    for (const request of replayed)
      figures.push({ request, blocks: await meter.measure(() => send(request)) });
    const over = figures
      .filter((f) => f.blocks > BLOCKS_PER_REQUEST + BLOCKS_PER_BYTE * f.request.bytes)
      .map(
        (f) =>
          `${f.request.method} ${f.request.path.slice(0, 100)}: ${f.blocks} blocks for ${f.request.bytes} bytes`,
      );
    const worst = Math.max(...figures.map((f) => f.blocks / f.request.bytes));
    console.log(
      `replayed ${figures.length} of ${large.length} requests of ${REPLAY_FROM_BYTES}+ bytes: ` +
        `at most ${Math.max(...figures.map((f) => f.blocks))} blocks, ${worst.toFixed(1)} per byte; ` +
        `2xx that stored: ${stored2xx.length}`,
    );
    expect(over).toEqual([]);
  });

  it('is healthy and writable afterwards', async () => {
    expect((await engine.request('GET', '/health', { key: null })).status).toBe(200);
    const before = await store.headPosition();
    const created = await engine.request('POST', '/engine/v1/materialization/plans', {
      body: { name: 'after_fuzz', refreshType: 'INCREMENTAL', granularity: 'DAY' },
    });
    expect(created.status).toBe(201);
    expect(await store.headPosition()).toBeGreaterThan(before);
  });
});
