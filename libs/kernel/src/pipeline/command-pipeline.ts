import {
  AppendResult,
  AppliedChange,
  categoryOf,
  EVENT_STORE,
  EventMetadata,
  EventStore,
  EventStoreUnavailableError,
  IdempotencyClaim,
  localCapabilities,
  LocalEventStoreCapabilities,
  NewEvent,
  WrongExpectedRevisionError,
} from '@engine/eventstore';
import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine-config';
import { CommandContext } from '../context/command-context';
import { Decider, DomainEvent, SnapshotPolicy } from '../domain/decider';
import { ConcurrencyConflictError } from '../errors/kernel-errors';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { ProjectionRegistry } from '../projections/projection-registry';
import { currentPositions, noteWrittenPosition } from '../projections/request-positions';
import { AggregateCache } from './aggregate-cache';
import { AggregateLoader, LoadedAggregate, toDomainEvent } from './aggregate-loader';
import { eventIds } from './event-ids';
import { KeyedMutex } from './keyed-mutex';
import { SnapshotStore } from './snapshot-store';

export interface CommandRequest<S, C, E extends DomainEvent> {
  stream: string;
  decider: Decider<S, C, E>;
  command: C;
  context: CommandContext;
  snapshot?: SnapshotPolicy<S>;
}

export interface CommandOutcome<S, E> {
  events: E[];
  /** State after the events (the current state when nothing was decided). */
  state: S;
  revision: bigint;
  /** Global position of the last appended event; undefined when nothing was appended. */
  position?: bigint;
}

const MAX_CONFLICT_RETRIES = 5;
const MAX_UNAVAILABLE_RETRIES = 3;
/**
 * Snapshot JSON that costs about as much to write as replaying one event: a large aggregate is
 * snapshotted less often than its policy says, so writing snapshots stays a small share of
 * each command (a 100,000-part table is ~15 MB of JSON, about 60 ms to write).
 */
const SNAPSHOT_CHARS_PER_EVENT = 4096;

/** load -> decide -> append (expected revision) -> retry on conflict -> tell the read models' readers. */
@Injectable()
export class CommandPipeline {
  private readonly cache: AggregateCache;
  private readonly mutex = new KeyedMutex();
  private readonly snapshotRevisions = new Map<string, bigint>();
  private readonly snapshotSizes = new Map<string, number>();
  /** SQLite only: tells whether another connection wrote since a state was cached. */
  private readonly local?: LocalEventStoreCapabilities;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    private readonly loader: AggregateLoader,
    private readonly snapshots: SnapshotStore,
    private readonly projections: ProjectionRegistry,
    private readonly metrics: MetricsRegistry,
  ) {
    this.cache = new AggregateCache(config.aggregateCacheSize);
    this.local = localCapabilities(store);
  }

  run<S, C, E extends DomainEvent>(request: CommandRequest<S, C, E>): Promise<CommandOutcome<S, E>> {
    const timer = this.metrics.startTimer(
      'engine_command_duration_seconds',
      'Command latency: wait for the stream, load, decide, append',
    );
    const count = (outcome: string) => {
      this.count(request, outcome);
      timer({ command: (request.command as { type?: string }).type ?? 'unknown', outcome });
    };
    return this.mutex
      .run(request.stream, () => this.decideAndAppend(request))
      .then(
        (outcome) => {
          count(outcome.events.length > 0 ? 'changed' : 'unchanged');
          if (outcome.position === undefined && outcome.revision >= 0n && currentPositions()) {
            // Nothing appended: the caller's position is that of the state it was answered from.
            return this.lastPosition(request.stream).then((position) => {
              if (position !== undefined) noteWrittenPosition(position);
              return outcome;
            });
          }
          // Answered without waiting for the read models; reads wait for them instead.
          if (outcome.position !== undefined) {
            // Answered to the caller as X-Engine-Position (see EnginePositionInterceptor).
            noteWrittenPosition(outcome.position);
            this.projections.noteAppended(outcome.position, {
              category: categoryOf(request.stream),
              eventTypes: [...new Set(outcome.events.map((e) => e.type))],
            });
          }
          return outcome;
        },
        (error: unknown) => {
          count('rejected');
          throw error;
        },
      );
  }

  /** Global position of a stream's last event (the caller's own stream: no other tenant's activity). */
  private async lastPosition(stream: string): Promise<bigint | undefined> {
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last?.position;
  }

  /** Current state without deciding anything (for queries that need the aggregate). */
  load<S, C, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>, snapshot?: SnapshotPolicy<S>) {
    return this.mutex.run(stream, async () => {
      const aggregate = await this.loadForWrite(stream, decider, snapshot);
      this.remember(stream, aggregate.revision, aggregate.state);
      return aggregate;
    });
  }

  private async decideAndAppend<S, C, E extends DomainEvent>(
    request: CommandRequest<S, C, E>,
  ): Promise<CommandOutcome<S, E>> {
    const { stream, decider, command, context } = request;
    const claim = claimOf(stream, context);
    if (claim) {
      // A retry of a request whose change is already stored answers that change, not a new decision.
      const applied = await this.store.findApplied(stream, claim);
      if (applied) return this.replayed(stream, decider, applied);
    }
    let aggregate = await this.loadForWrite(stream, decider, request.snapshot);
    for (let attempt = 0; ; attempt++) {
      let events: E[];
      try {
        events = decider.decide(command, aggregate.state);
      } catch (error) {
        this.remember(stream, aggregate.revision, aggregate.state);
        throw error;
      }
      if (events.length === 0) {
        this.remember(stream, aggregate.revision, aggregate.state);
        return { events, state: aggregate.state, revision: aggregate.revision };
      }
      let result: AppendResult;
      try {
        result = await this.append(stream, events, aggregate.revision, context, claim);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_CONFLICT_RETRIES) {
          if (error instanceof WrongExpectedRevisionError) throw new ConcurrencyConflictError(stream);
          throw error;
        }
        // Another writer got there first: fold in its events and decide again (deciders are pure).
        const before = aggregate.revision;
        aggregate = await this.loader.catchUp(stream, decider, aggregate);
        if (aggregate.revision === before && typeof error.actual === 'bigint' && error.actual > before) {
          // Nothing new to fold, yet the stream is longer: what follows is hidden from readers
          // (an unfinished or voided multi-part change, see the EventStoreDB adapter); the
          // state is unchanged and the next append goes after it.
          aggregate = { ...aggregate, revision: error.actual };
        }
        continue;
      }
      if (result.replayed) return this.replayed(stream, decider, result.replayed);
      crashAfterAppendIfAsked(claim);
      let state = aggregate.state;
      for (const event of events) state = decider.evolve(state, event);
      this.remember(stream, result.nextRevision, state);
      this.maybeSnapshot(stream, request.snapshot, result.nextRevision, state);
      return { events, state, revision: result.nextRevision, position: result.position };
    }
  }

  /** The outcome of the first application of a change, rebuilt from the stored events. */
  private async replayed<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    applied: AppliedChange,
  ): Promise<CommandOutcome<S, E>> {
    // Revisions may skip numbers (an EventStoreDB event stored in pieces is at its last piece's
    // revision): the change is the events in its revision range, however many they are.
    const stored = (
      await this.store.readStream(stream, {
        fromRevision: applied.firstRevision,
        maxCount: Number(applied.nextRevision - applied.firstRevision) + 1,
      })
    ).filter((e) => e.revision <= applied.nextRevision);
    const at = await this.loader.loadUntil(stream, decider, applied.nextRevision);
    return {
      events: stored.map((e) => toDomainEvent<E>(e)),
      state: at.state,
      revision: applied.nextRevision,
      position: applied.position,
    };
  }

  private async loadForWrite<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    snapshot?: SnapshotPolicy<S>,
  ): Promise<LoadedAggregate<S>> {
    const cached = this.cache.take<S>(stream);
    if (!cached) return this.loader.load(stream, decider, snapshot);
    // Nobody else has written to the store since this state was cached: it is the current one.
    if (cached.epoch !== undefined && cached.epoch === this.local?.foreignWrites()) return cached;
    // Otherwise another process may have: read the stream's tail.
    return this.loader.catchUp(stream, decider, cached);
  }

  private remember(stream: string, revision: bigint, state: unknown): void {
    this.cache.put(stream, revision, state, this.local?.foreignWrites());
  }

  /**
   * Appends one decision as ONE append: the store commits it whole (SQLite: one transaction;
   * EventStoreDB: the adapter alone splits it under its size limit, see its README section).
   */
  private async append<E extends DomainEvent>(
    stream: string,
    events: E[],
    revision: bigint,
    context: CommandContext,
    claim: IdempotencyClaim | undefined,
  ): Promise<AppendResult> {
    const ids = eventIds(events.length, claim ? { ...claim, stream } : undefined);
    const metadata: EventMetadata = {
      tenant: context.tenant,
      actor: context.actor,
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      source: context.source,
      occurredAt: context.now.toISOString(),
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    };
    const stamped = events.map((event, i) => ({ id: ids[i], type: event.type, data: event.data, metadata }));
    const category = categoryOf(stream);
    const appended = this.metrics.startTimer('engine_append_duration_seconds', 'Event store append latency');
    const result = await this.appendWithRetry(stream, stamped, revision, claim);
    appended({ category });
    this.metrics.inc('engine_appends_total', 'Appends to the event store', { category });
    this.metrics.inc('engine_events_appended_total', 'Events appended', { category }, events.length);
    return result;
  }

  /** After "unavailable" the append may or may not have landed: resend the same events at the same revision. */
  private async appendWithRetry(
    stream: string,
    events: NewEvent[],
    expected: bigint,
    claim: IdempotencyClaim | undefined,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.append(stream, events, expected < 0n ? 'no_stream' : expected, {
          ...(claim ? { idempotency: claim } : {}),
        });
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError) || attempt >= MAX_UNAVAILABLE_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  private maybeSnapshot<S>(
    stream: string,
    policy: SnapshotPolicy<S> | undefined,
    revision: bigint,
    state: S,
  ): void {
    if (!policy) return;
    let last = this.snapshotRevisions.get(stream);
    if (last === undefined) last = this.snapshots.lastRevision(stream) ?? -1n;
    const every = Math.max(
      policy.every,
      Math.ceil((this.snapshotSizes.get(stream) ?? 0) / SNAPSHOT_CHARS_PER_EVENT),
    );
    if (revision - last < BigInt(every)) {
      this.snapshotRevisions.set(stream, last);
      return;
    }
    this.snapshotSizes.set(stream, this.snapshots.save(stream, policy, revision, state));
    this.snapshotRevisions.set(stream, revision);
  }

  private count(request: { command: unknown }, outcome: string): void {
    const command = (request.command as { type?: string }).type ?? 'unknown';
    this.metrics.inc('engine_commands_total', 'Commands handled', { command, outcome });
  }
}

/**
 * Test-only hook: env ENGINE_CRASH_AFTER_APPEND=<Idempotency-Key> kills the process (SIGKILL)
 * right after that key's change is stored, before any response: the crash the claims are for.
 */
function crashAfterAppendIfAsked(claim: IdempotencyClaim | undefined): void {
  const key = process.env.ENGINE_CRASH_AFTER_APPEND;
  if (key && claim?.key === key) process.kill(process.pid, 'SIGKILL');
}

/**
 * The idempotency claim of this run: the n-th append of the request to this stream. Taken when
 * the run starts so the numbering follows the request's own order of commands.
 */
function claimOf(stream: string, context: CommandContext): IdempotencyClaim | undefined {
  const idempotency = context.idempotency;
  if (!idempotency) return undefined;
  const seq = idempotency.appends.get(stream) ?? 0;
  idempotency.appends.set(stream, seq + 1);
  return { tenant: context.tenant, key: idempotency.key, fingerprint: idempotency.fingerprint, seq };
}
