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
import { EventLoopFigures, watchEventLoop } from './support/event-loop-watch';
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
 * Every write route of every dialect (from the app's own route table, so a new route is fuzzed
 * without a new test) gets generated hostile paths, query strings, headers and bodies. None may
 * answer 5xx, a refused request must store nothing, no request may stall the event loop, and the
 * engine must be healthy and writable afterwards.
 */
describe('fuzzing every write route (seeded, bounded in time)', () => {
  let engine: TestEngine;
  let store: EventStore;
  let writeRoutes: RouteEntry[];
  let watch: ReturnType<typeof watchEventLoop>;
  const stored2xx: string[] = [];

  beforeAll(async () => {
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
    watch = watchEventLoop();
  });
  afterAll(() => engine.close());

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
        const answer = await engine.request(route.method, path + query, {
          key: null,
          rawBody: body,
          headers: {
            ...(forged ?? dialectHeaders(route.url, keys.admin, 'acme')),
            ...extra,
            // node:http frames a DELETE body only when told its length.
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          },
        });
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

  it('kept the event loop responsive throughout (no request blocked it for 100 ms)', () => {
    const figures: EventLoopFigures = watch.stop();
    console.log(
      `event loop during the fuzz run: ${JSON.stringify(figures)}; 2xx that stored: ${stored2xx.length}`,
    );
    // Busy time, not wall time: on a loaded 2-core machine the OS alone delays timers by 100+ ms.
    expect(figures.busyStallMs).toBeLessThan(100);
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
