import { EVENT_STORE, EventStore } from '@engine/eventstore';
import { AggregateLoader, Clock, CommandContext, CommandPipeline } from '@engine/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RestoreDeps, RestoreOutcomeView, RestoreRequest } from './restore-category';
import { restoreCategoryOf } from './restore.registry';

/** Applies the plan computed at `expectedRevision` as one decision over the aggregate. */
export class RestoreAggregateCommand extends Command<RestoreOutcomeView> {
  constructor(
    readonly category: string,
    readonly request: RestoreRequest,
    readonly expectedRevision: bigint,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A restore works on any family's stream, so the stream, decider and command come from the
 * family's restore category (restore-category.ts), which calls the pipeline like any handler.
 */
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
