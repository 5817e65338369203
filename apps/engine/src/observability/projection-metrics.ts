import { MetricsRegistry, ProjectionRegistry, ProjectionStatus } from '@engine/kernel';
import { Injectable, OnModuleInit } from '@nestjs/common';

/**
 * Projection checkpoints, lag and rate as Prometheus gauges, read at scrape time. Labelled by
 * projection only (never by state), and recomputed at each scrape, so a series disappears with
 * what it described: a finished rebuild leaves no `rebuild` series behind, and a lag alert clears.
 */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  private statuses: ProjectionStatus[] = [];
  private storeUp = true;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projections: ProjectionRegistry,
  ) {}

  onModuleInit(): void {
    // One status read per scrape, shared by the gauges below.
    this.metrics.collect(async () => {
      // An unreachable store must not break the scrape: report it, drop the projection series.
      try {
        this.statuses = await this.projections.status();
        this.storeUp = true;
      } catch {
        this.statuses = [];
        this.storeUp = false;
      }
    });
    this.metrics.gauge('engine_event_store_up', '1 when the event store answered at this scrape', [], () =>
      Promise.resolve([{ labels: {}, value: this.storeUp ? 1 : 0 }]),
    );
    // status() lists the live runners first, then rebuilds (a rebuild may still say 'catching-up').
    const live = () =>
      this.statuses.filter((s, i) => this.statuses.findIndex((o) => o.name === s.name) === i);
    const rebuilding = () => this.statuses.filter((s) => !live().includes(s));
    const gauge = (
      name: string,
      help: string,
      select: () => ProjectionStatus[],
      value: (s: ProjectionStatus) => number,
    ) =>
      this.metrics.gauge(name, help, ['projection'], () =>
        Promise.resolve(select().map((s) => ({ labels: { projection: s.name }, value: value(s) }))),
      );
    gauge(
      'engine_projection_lag_events',
      'Positions the live projection is behind the store head',
      live,
      (s) => Number(s.lag),
    );
    gauge('engine_projection_checkpoint', 'Last global position the live projection processed', live, (s) =>
      Number(s.checkpoint),
    );
    gauge(
      'engine_projection_events_per_second',
      'Events the live projection applied per second (10 s window)',
      live,
      (s) => s.eventsPerSecond,
    );
    gauge('engine_projection_failed', '1 when the live projection stopped on an error', live, (s) =>
      s.state === 'failed' ? 1 : 0,
    );
    gauge(
      'engine_projection_rebuild_lag_events',
      'Positions a running rebuild is behind the store head (absent when no rebuild runs)',
      rebuilding,
      (s) => Number(s.lag),
    );
    gauge(
      'engine_projection_rebuild_events_per_second',
      'Events a running rebuild applies per second (absent when no rebuild runs)',
      rebuilding,
      (s) => s.eventsPerSecond,
    );
  }
}
