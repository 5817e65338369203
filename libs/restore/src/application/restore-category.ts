import { PointInTimeQuery, toJsonState, toLoaderPoint } from '@engine/audit';
import { EventStore, streamName } from '@engine/eventstore';
import { AggregateLoader, Clock, CommandContext, CommandPipeline } from '@engine/kernel';
import { DomainEvent } from '@engine/kernel/domain';
import { NotFoundException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  NotRestorable,
  planRestore,
  RestoreError,
  RestoreFamily,
  restoreDecider,
  SubjectDiff,
  withMemory,
} from '../domain';

export interface RestoreRequest {
  tenant: string;
  /** The stream id after the tenant, as in the audit routes. */
  id: string;
  point: PointInTimeQuery;
  /** Only these subjects (undefined: all). */
  subjects?: readonly string[];
}

export interface RestorePlanView {
  category: string;
  id: string;
  stream: string;
  /** Revision of the current state the plan was computed from: the apply's expectedRevision. */
  revision: string;
  fingerprint: string;
  restoreTo: {
    asOf?: string;
    atPosition?: string;
    /** Revision and global position of the last event at the point ('-1' / absent: before the first). */
    revision: string;
    position?: string;
  };
  subjects?: string[];
  steps: { command: unknown; undoes: SubjectDiff[] }[];
  notRestorable: NotRestorable[];
  unchanged: number;
}

export interface RestoreOutcomeView {
  restoreId: string;
  category: string;
  id: string;
  stream: string;
  /** False when the plan had no command (nothing appended). */
  applied: boolean;
  /** True when this restore had already been applied (same plan, same key): nothing new appended. */
  replayed: boolean;
  fromRevision: string;
  revision: string;
  position?: string;
  events: number;
  restoredToPosition?: string;
  notRestorable: NotRestorable[];
}

export interface RestoreDeps {
  loader: AggregateLoader;
  pipeline: CommandPipeline;
  store: EventStore;
  clock: Clock;
}

/** A family with its types erased behind closures, so one registry holds every family. */
export interface RestoreCategory {
  readonly category: string;
  plan(deps: RestoreDeps, request: RestoreRequest): Promise<RestorePlanView>;
  apply(
    deps: RestoreDeps,
    request: RestoreRequest,
    expectedRevision: bigint,
    context: CommandContext,
  ): Promise<RestoreOutcomeView>;
}

export function restoreCategory<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
): RestoreCategory {
  const decider = restoreDecider(family);
  const streamOf = (request: RestoreRequest) =>
    streamName(
      family.category,
      request.tenant,
      ...(family.streamIdOf?.(request.id) ?? request.id.split('/')),
    );

  async function compute(deps: RestoreDeps, request: RestoreRequest, now: Date) {
    const stream = streamOf(request);
    const [first] = await deps.store.readStream(stream, { maxCount: 1 });
    if (!first) throw new NotFoundException(`No ${family.category} ${request.id} found`);
    // The point's state from the same evolve as time travel; the current one from the pipeline's loader.
    const past = await deps.loader.loadAt(stream, withMemory(family), toLoaderPoint(request.point));
    const current = await deps.loader.load(stream, family.decider, family.snapshot);
    const only = request.subjects ? new Set(request.subjects) : undefined;
    const plan = planRestore(family, {
      asOf: past.state.state,
      memory: past.state.memory,
      current: current.state,
      id: request.id,
      only,
      now: now.toISOString(),
    });
    const view: RestorePlanView = {
      category: family.category,
      id: request.id,
      stream,
      revision: current.revision.toString(),
      fingerprint: plan.fingerprint,
      restoreTo: {
        ...(request.point.asOf ? { asOf: request.point.asOf.toISOString() } : {}),
        ...(request.point.atPosition !== undefined
          ? { atPosition: request.point.atPosition.toString() }
          : {}),
        revision: past.revision.toString(),
        ...(past.lastEvent ? { position: past.lastEvent.position.toString() } : {}),
      },
      ...(request.subjects ? { subjects: [...request.subjects] } : {}),
      steps: plan.steps.map((s) => ({ command: toJsonState(s.command), undoes: s.undoes })),
      notRestorable: plan.notRestorable,
      unchanged: plan.unchanged,
    };
    return { stream, plan, view, revision: current.revision };
  }

  return {
    category: family.category,
    plan: async (deps, request) => (await compute(deps, request, deps.clock.now())).view,
    async apply(deps, request, expectedRevision, context) {
      const { stream, plan, view, revision } = await compute(deps, request, context.now);
      const restoreId = restoreIdOf(stream, expectedRevision, view);
      const outcome = (fields: Partial<RestoreOutcomeView>): RestoreOutcomeView => ({
        restoreId,
        category: family.category,
        id: request.id,
        stream,
        applied: false,
        replayed: false,
        fromRevision: expectedRevision.toString(),
        revision: revision.toString(),
        events: 0,
        ...(view.restoreTo.position ? { restoredToPosition: view.restoreTo.position } : {}),
        notRestorable: view.notRestorable,
        ...fields,
      });
      if (revision !== expectedRevision) {
        const replay = await alreadyApplied(deps.store, stream, expectedRevision, restoreId);
        if (replay) return outcome({ applied: true, replayed: true, ...replay });
        throw new RestoreError(
          'RESTORE_CONFLICT',
          `The aggregate is at revision ${revision}, not ${expectedRevision} as when the plan was computed; compute a new plan`,
          { revision: revision.toString(), expectedRevision: expectedRevision.toString() },
        );
      }
      if (plan.steps.length === 0) return outcome({});
      const run = () =>
        deps.pipeline.run({
          stream,
          decider,
          snapshot: family.snapshot,
          command: {
            type: 'RestoreToPoint' as const,
            commands: plan.steps.map((s) => s.command),
            expectedFingerprint: plan.fingerprint,
          },
          // Audited as one restore: its id correlates the events, the point restored to is their cause,
          // and event IDs derive from the restore id when the caller gave no Idempotency-Key. The
          // source stays the API it came through (`native`), a value of the public event envelope.
          context: {
            ...context,
            correlationId: restoreId,
            causationId: `restore-to-position:${view.restoreTo.position ?? 'start'}`,
            idempotencyKey: context.idempotencyKey ?? restoreId,
          },
        });
      let result: Awaited<ReturnType<typeof run>>;
      try {
        result = await run();
      } catch (error) {
        // The same restore sent twice at once lands once: the second finds the first's events.
        const replay =
          error instanceof RestoreError
            ? await alreadyApplied(deps.store, stream, expectedRevision, restoreId)
            : undefined;
        if (replay) return outcome({ applied: true, replayed: true, ...replay });
        throw error;
      }
      return outcome({
        applied: result.events.length > 0,
        revision: result.revision.toString(),
        ...(result.position !== undefined ? { position: result.position.toString() } : {}),
        events: result.events.length,
      });
    },
  };
}

/** Same aggregate, same starting revision, same target and scope: the same restore. */
function restoreIdOf(stream: string, expectedRevision: bigint, view: RestorePlanView): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([stream, expectedRevision.toString(), view.restoreTo.revision, view.subjects ?? null]),
    )
    .digest('hex');
  return `restore-${hash.slice(0, 32)}`;
}

/** The events right after the plan's revision are this restore's own: a retry, not a conflict. */
async function alreadyApplied(
  store: EventStore,
  stream: string,
  expectedRevision: bigint,
  restoreId: string,
): Promise<Partial<RestoreOutcomeView> | undefined> {
  const events = await store.readStream(stream, { fromRevision: expectedRevision + 1n, maxCount: 5000 });
  const own = [];
  for (const event of events) {
    if (event.metadata.correlationId !== restoreId) break;
    own.push(event);
  }
  if (own.length === 0) return undefined;
  const last = own[own.length - 1];
  return { revision: last.revision.toString(), position: last.position.toString(), events: own.length };
}
