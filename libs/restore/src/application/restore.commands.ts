import { CommandContext } from '@engine/kernel';
import { Command, Query } from '@nestjs/cqrs';
import { RestoreOutcomeView, RestorePlanView, RestoreRequest } from './restore-category';

/** Computes (does not apply) the commands that bring an aggregate back to a point. */
export class PlanRestoreQuery extends Query<RestorePlanView> {
  constructor(
    readonly category: string,
    readonly request: RestoreRequest,
  ) {
    super();
  }
}

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
