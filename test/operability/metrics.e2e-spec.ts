import { keys, startEngine, TestEngine } from '../support/engine-harness';

const SEGMENT = {
  segments: [
    {
      interval: '2015-09-12T16:00:00.000Z/2015-09-12T17:00:00.000Z',
      version: '2023-08-10T04:12:03.860Z',
      partitionNum: 0,
      size: 1024,
    },
  ],
};

/** Every sample line of a metric family: `name{labels} value`. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('Prometheus metrics (prom-client)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.close());

  const scrape = async () => (await engine.request('GET', '/metrics', { key: keys.system })).text;

  it('counts HTTP requests and their latency per dialect, route, method and status', async () => {
    // Given requests through two dialects
    await engine.request('POST', '/engine/v1/datasources/wikipedia/segments', { body: SEGMENT });
    await engine.request('GET', '/druid/coordinator/v1/metadata/datasources');
    await engine.request('GET', '/druid/coordinator/v1/metadata/datasources', { key: 'unknown-key-0001' });
    const text = await scrape();
    // Then each combination is a series of the counter and of the histogram
    expect(text).toContain(
      'engine_http_requests_total{dialect="druid",route="/druid/coordinator/v1/metadata/datasources",method="GET",status="200"} 1',
    );
    expect(text).toContain(
      'engine_http_requests_total{dialect="druid",route="/druid/coordinator/v1/metadata/datasources",method="GET",status="401"} 1',
    );
    expect(text).toContain('# TYPE engine_http_request_duration_seconds histogram');
    expect(text).toMatch(
      /engine_http_request_duration_seconds_bucket\{le="\+Inf",dialect="native",route="\/engine\/v1\/datasources\/:datasource\/segments",method="POST",status="20\d"\} 1/,
    );
  });

  it('has command and append latency histograms', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE engine_command_duration_seconds histogram');
    expect(text).toMatch(/engine_command_duration_seconds_count\{command="[^"]+",outcome="changed"\} [1-9]/);
    expect(text).toContain('# TYPE engine_append_duration_seconds histogram');
    expect(text).toMatch(/engine_append_duration_seconds_count\{category="[^"]+"\} [1-9]/);
  });

  it('has the default process metrics and the event-loop delay', async () => {
    const text = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(samples(text, name).length).toBeGreaterThan(0);
  });

  it('keeps one lag series per projection, without a state label, and none left over after a rebuild', async () => {
    // Given a projection rebuilt from 0 beside its live copy
    const status = (await engine.request('GET', '/engine/v1/projections', { key: keys.system })).json as {
      projections: { name: string; state: string }[];
    };
    const names = [...new Set(status.projections.map((p) => p.name))];
    const rebuilt = names.find((n) => n.startsWith('segments')) ?? names[0];
    const started = await engine.request('POST', `/engine/v1/projections/${rebuilt}/rebuild`, {
      key: keys.system,
    });
    expect(started.status).toBeLessThan(300);
    // When the rebuild has switched over (the status route stops listing it)
    for (;;) {
      const now = (await engine.request('GET', '/engine/v1/projections', { key: keys.system }))
        .json as typeof status;
      if (now.projections.filter((p) => p.name === rebuilt).length === 1) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const text = await scrape();
    // Then the page has exactly one lag series per projection, none with a state label
    const lag = samples(text, 'engine_projection_lag_events');
    expect(lag.map((l) => /projection="([^"]+)"/.exec(l)![1]).sort()).toEqual([...names].sort());
    expect(text).not.toMatch(/engine_projection_[a-z_]+\{[^}]*state=/);
    // And no rebuild series is left behind
    expect(samples(text, 'engine_projection_rebuild_lag_events')).toEqual([]);
    expect(samples(text, 'engine_projection_events_per_second')).toHaveLength(names.length);
    expect(text).toContain('engine_event_store_up 1');
  });
});
