import { EventStoreModule } from '@engine/eventstore';
import { Clock, EngineConfig, KernelModule } from '@engine/kernel';
import { DynamicModule, Module } from '@nestjs/common';
import { AUDIT_MODULE } from './audit-registrations';
import { CROSS_FAMILY_SLICES, FAMILIES } from './families';
import { EventsController } from './http/events.controller';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { WhoamiController } from './http/whoami.controller';
import { ProjectionMetrics } from './observability/projection-metrics';
import { StartupCatchUp } from './observability/startup-catch-up';

@Module({})
export class AppModule {
  static forRoot(config: EngineConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot({
          dataDir: config.dataDir,
          connectionString: config.eventStoreConnectionString,
          sqliteSynchronous: config.sqliteSynchronous,
        }),
        KernelModule.forRoot({ config, clock: options.clock }),
        ...FAMILIES.map((family) => family.module),
        AUDIT_MODULE,
        ...CROSS_FAMILY_SLICES.map((slice) => slice.module),
      ],
      controllers: [HealthController, MetricsController, EventsController, WhoamiController],
      providers: [ProjectionMetrics, StartupCatchUp],
    };
  }
}
