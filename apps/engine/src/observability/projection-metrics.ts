import { MetricsRegistry, ProjectionRegistry } from '@engine/kernel';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** Projection checkpoints and lag as Prometheus gauges, refreshed at scrape time. */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projections: ProjectionRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics.collect(async () => {
      for (const status of await this.projections.status()) {
        const labels = { projection: status.name, state: status.state };
        this.metrics.set(
          'engine_projection_lag_events',
          'Positions the projection is behind the store head',
          labels,
          Number(status.lag),
        );
        this.metrics.set(
          'engine_projection_checkpoint',
          'Last global position the projection processed',
          labels,
          Number(status.checkpoint),
        );
        this.metrics.set(
          'engine_projection_events_per_second',
          'Events applied per second (10 s window)',
          labels,
          status.eventsPerSecond,
        );
      }
    });
  }
}
