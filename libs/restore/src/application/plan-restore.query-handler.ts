import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { AggregateLoader, Clock, CommandPipeline } from '@engine/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { RestoreDeps, RestorePlanView, RestoreRequest } from './restore-category';
import { restoreCategoryOf } from './restore.registry';

/** Computes (does not apply) the commands that bring an aggregate back to a point. */
export class PlanRestoreQuery extends Query<RestorePlanView> {
  constructor(
    readonly category: string,
    readonly request: RestoreRequest,
  ) {
    super();
  }
}

@QueryHandler(PlanRestoreQuery)
export class PlanRestoreQueryHandler implements IQueryHandler<PlanRestoreQuery, RestorePlanView> {
  private readonly deps: RestoreDeps;

  constructor(
    loader: AggregateLoader,
    pipeline: CommandPipeline,
    @Inject(EVENT_STORE) store: EventStore,
    clock: Clock,
  ) {
    this.deps = { loader, pipeline, store, clock };
  }

  execute({ category, request }: PlanRestoreQuery): Promise<RestorePlanView> {
    return restoreCategoryOf(category).plan(this.deps, request);
  }
}
