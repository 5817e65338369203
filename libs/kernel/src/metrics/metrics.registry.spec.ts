import { MetricsRegistry } from './metrics.registry';

describe('MetricsRegistry', () => {
  it('drops a gauge series once its reader stops returning it (no stale label sets)', async () => {
    // Given a gauge whose label sets change between scrapes
    const metrics = new MetricsRegistry();
    let current = [
      { labels: { projection: 'a' }, value: 104000 },
      { labels: { projection: 'b' }, value: 3 },
    ];
    metrics.gauge('test_lag', 'lag', ['projection'], () => Promise.resolve(current));
    expect(await metrics.render()).toContain('test_lag{projection="a"} 104000');
    // When a series is no longer reported
    current = [{ labels: { projection: 'b' }, value: 0 }];
    const text = await metrics.render();
    // Then it is gone from the page
    expect(text).not.toContain('projection="a"');
    expect(text).toContain('test_lag{projection="b"} 0');
  });

  it('counts and times with label sets created on first use', async () => {
    const metrics = new MetricsRegistry();
    metrics.inc('test_total', 'count', { kind: 'x' });
    metrics.inc('test_total', 'count', { kind: 'x' }, 2);
    metrics.observe('test_seconds', 'latency', { kind: 'x' }, 0.003);
    const text = await metrics.render();
    expect(text).toContain('test_total{kind="x"} 3');
    expect(text).toContain('test_seconds_bucket{le="0.005",kind="x"} 1');
    expect(text).toContain('test_seconds_bucket{le="0.0025",kind="x"} 0');
    expect(text).toContain('test_seconds_count{kind="x"} 1');
  });
});
