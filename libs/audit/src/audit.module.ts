import { ProjectionRegistry } from '@engine/kernel';
import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { auditAggregatesProjection } from './browse/audit-aggregates.projection';
import { AuditAggregatesReader } from './browse/audit-aggregates.reader';
import { AuditHistoryService } from './history/audit-history.service';
import { AuditBrowseController } from './http/audit-browse.controller';
import { AsyncApiController } from './http/asyncapi.controller';
import { StreamEventsController } from './http/stream-events.controller';
import { AuditController } from './http/audit.controller';
import { EventSubscriptionController } from './http/event-subscription.controller';
import { ProjectionsController } from './http/projections.controller';
import { AuditRegistry } from './registry/audit.registry';
import { assertCompleteContracts, FamilyContract } from './registry/family-contract';
import { EventSchemaRegistry } from './schemas/event-schemas.registry';
import { EventFeedService } from './subscriptions/event-feed.service';
import { TimeTravelInterceptor } from './time-travel/time-travel.interceptor';
import { TimeTravelService } from './time-travel/time-travel.service';

export interface AuditModuleOptions {
  /** Each lifecycle family's contract (its audit views and event schemas), exported by the family. */
  families: readonly FamilyContract[];
}

/** History, time travel, projection admin, the SSE feed and the event contract. */
@Module({})
export class AuditModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(auditAggregatesProjection);
  }

  static forRoot(options: AuditModuleOptions): DynamicModule {
    assertCompleteContracts(options.families);
    const categories = options.families.flatMap((f) => f.audit);
    const schemas = options.families.flatMap((f) => f.schemas);
    return {
      module: AuditModule,
      controllers: [
        AuditBrowseController,
        AuditController,
        ProjectionsController,
        EventSubscriptionController,
        AsyncApiController,
        StreamEventsController,
      ],
      providers: [
        { provide: AuditRegistry, useFactory: () => new AuditRegistry(categories) },
        { provide: EventSchemaRegistry, useFactory: () => new EventSchemaRegistry(schemas) },
        AuditHistoryService,
        AuditAggregatesReader,
        TimeTravelService,
        EventFeedService,
        { provide: APP_INTERCEPTOR, useClass: TimeTravelInterceptor },
      ],
      exports: [AuditRegistry, EventSchemaRegistry, TimeTravelService],
    };
  }
}
