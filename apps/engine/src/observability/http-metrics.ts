import { MetricsRegistry } from '@engine/kernel';
import type { RequestSummary } from './request-observability';

/** Request counts and latency per dialect, route pattern, method and status. */
export function httpMetrics(metrics: MetricsRegistry): (summary: RequestSummary) => void {
  return (summary) => {
    const labels = {
      dialect: summary.dialect,
      route: summary.route,
      method: summary.method,
      status: String(summary.status),
    };
    metrics.inc('engine_http_requests_total', 'HTTP requests answered', labels);
    metrics.observe(
      'engine_http_request_duration_seconds',
      'HTTP request latency, from receipt to the last byte sent',
      labels,
      summary.durationMs / 1000,
    );
  };
}
