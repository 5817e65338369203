import { EventStoreModule } from '@engine/eventstore';
import { Clock, EngineConfig, KernelModule } from '@engine/kernel';
import { DynamicModule, Module } from '@nestjs/common';
import { FAMILY_MODULES } from './families';
import { EventsController } from './http/events.controller';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { ProjectionMetrics } from './observability/projection-metrics';

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
        ...FAMILY_MODULES,
      ],
      controllers: [HealthController, MetricsController, EventsController],
      providers: [ProjectionMetrics],
    };
  }
}
