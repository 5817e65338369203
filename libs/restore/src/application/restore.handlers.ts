import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { AggregateLoader, Clock, CommandPipeline } from '@engine/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RestoreDeps, RestoreOutcomeView, RestorePlanView } from './restore-category';
import { PlanRestoreQuery, RestoreAggregateCommand } from './restore.commands';
import { restoreCategoryOf } from './restore.registry';

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

@CommandHandler(RestoreAggregateCommand)
export class RestoreAggregateCommandHandler implements ICommandHandler<
  RestoreAggregateCommand,
  RestoreOutcomeView
> {
  private readonly deps: RestoreDeps;

  constructor(
    loader: AggregateLoader,
    pipeline: CommandPipeline,
    @Inject(EVENT_STORE) store: EventStore,
    clock: Clock,
  ) {
    this.deps = { loader, pipeline, store, clock };
  }

  execute({
    category,
    request,
    expectedRevision,
    context,
  }: RestoreAggregateCommand): Promise<RestoreOutcomeView> {
    return restoreCategoryOf(category).apply(this.deps, request, expectedRevision, context);
  }
}
