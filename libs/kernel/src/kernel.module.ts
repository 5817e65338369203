import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiKeyStore } from './auth/api-key-store';
import { AuthGuard } from './auth/auth.guard';
import { ENGINE_CONFIG, EngineConfig } from './config/engine-config';
import { Clock, SystemClock } from './context/clock';
import { CommandContextFactory } from './context/command-context.factory';
import { EnginePositionInterceptor } from './http/engine-position.interceptor';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { MetricsRegistry } from './metrics/metrics.registry';
import { AggregateLoader } from './pipeline/aggregate-loader';
import { CommandPipeline } from './pipeline/command-pipeline';
import { SnapshotStore } from './pipeline/snapshot-store';
import { ProjectionRegistry } from './projections/projection-registry';
import { KernelDatabase } from './storage/kernel-database';

export interface KernelModuleOptions {
  config: EngineConfig;
  clock?: Clock;
}

const EXPORTED = [
  ApiKeyStore,
  CommandContextFactory,
  MetricsRegistry,
  AggregateLoader,
  CommandPipeline,
  SnapshotStore,
  ProjectionRegistry,
  KernelDatabase,
];

@Global()
@Module({})
export class KernelModule {
  static forRoot(options: KernelModuleOptions): DynamicModule {
    return {
      module: KernelModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: ENGINE_CONFIG, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        ...EXPORTED,
        { provide: APP_GUARD, useClass: AuthGuard },
        // Outermost first: the position interceptor also sees responses replayed for a key.
        { provide: APP_INTERCEPTOR, useClass: EnginePositionInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [ENGINE_CONFIG, Clock, CqrsModule, ...EXPORTED],
    };
  }
}
