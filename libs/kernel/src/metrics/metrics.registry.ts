import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Labels = Record<string, string>;

/** Seconds; from a fast in-memory append (0.5 ms) to a slow remote store or a 100k-part decision. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * The engine's Prometheus metrics over prom-client: one registry per engine instance (tests
 * run several in one process), with the default process metrics and event-loop delay.
 * Counters and histograms are created on first use from their name, help and label names.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly collectors: (() => Promise<void> | void)[] = [];

  constructor() {
    // process_* (CPU, memory, file descriptors) and nodejs_* (heap, GC, event-loop lag).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let counter = this.counters.get(name);
    if (!counter) {
      counter = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] });
      this.counters.set(name, counter);
    }
    counter.inc(labels, by);
  }

  /** Records one duration, in seconds, in a latency histogram. */
  observe(name: string, help: string, labels: Labels, seconds: number): void {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      histogram = new Histogram({
        name,
        help,
        labelNames: Object.keys(labels),
        buckets: LATENCY_BUCKETS,
        registers: [this.registry],
      });
      this.histograms.set(name, histogram);
    }
    histogram.observe(labels, seconds);
  }

  /** Starts a clock; the returned function records the elapsed seconds with its labels. */
  startTimer(name: string, help: string): (labels: Labels) => void {
    const started = process.hrtime.bigint();
    return (labels) => this.observe(name, help, labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * A gauge whose series are recomputed at each scrape: `read` returns the current label sets
   * and values, and series it no longer returns disappear (no stale series after a change).
   */
  gauge(
    name: string,
    help: string,
    labelNames: readonly string[],
    read: () => Promise<{ labels: Labels; value: number }[]>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [this.registry],
      async collect() {
        const current = await read();
        this.reset();
        for (const { labels, value } of current) this.set(labels, value);
      },
    });
  }

  /** Registers a callback that runs before each scrape (to refresh values read elsewhere). */
  collect(collector: () => Promise<void> | void): void {
    this.collectors.push(collector);
  }

  async render(): Promise<string> {
    for (const collector of this.collectors) await collector();
    return this.registry.metrics();
  }
}
