import { EVENT_STORE, EventStore, RecordedEvent } from '@engine/eventstore';
import { Inject, Injectable } from '@nestjs/common';
import { Decider, DomainEvent, SnapshotPolicy } from '../domain/decider';
import { SnapshotStore } from './snapshot-store';

export interface LoadedAggregate<State> {
  state: State;
  /** Revision of the last event folded in; -1n for a stream with no events. */
  revision: bigint;
}

export interface PointInTime {
  /** Fold events with a global position up to and including this one. */
  position?: bigint;
  /** Fold events recorded at or before this instant. */
  time?: Date;
}

const PAGE = 5000;

/** Rebuilds an aggregate's state from its stream (after a snapshot when there is one). */
@Injectable()
export class AggregateLoader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
  ) {}

  async load<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    snapshot?: SnapshotPolicy<S>,
  ): Promise<LoadedAggregate<S>> {
    const stored = snapshot ? this.snapshots.load(stream, snapshot) : undefined;
    const start = stored ?? { state: decider.initialState(), revision: -1n };
    return this.catchUp(stream, decider, start);
  }

  /** Folds whatever the stream holds after `from.revision` into `from.state`. */
  async catchUp<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    from: LoadedAggregate<S>,
  ): Promise<LoadedAggregate<S>> {
    let { state, revision } = from;
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision: revision + 1n, maxCount: PAGE });
      for (const event of page) {
        state = decider.evolve(state, toDomainEvent<E>(event));
        revision = event.revision;
      }
      if (page.length < PAGE) return { state, revision };
    }
  }

  /** State right after `revision` (the outcome of an earlier change, rebuilt for a retry). */
  async loadUntil<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    revision: bigint,
  ): Promise<LoadedAggregate<S>> {
    let state = decider.initialState();
    let at = -1n;
    while (at < revision) {
      const page = await this.store.readStream(stream, {
        fromRevision: at + 1n,
        maxCount: Math.min(PAGE, Number(revision - at)),
      });
      for (const event of page) {
        // Revisions may skip numbers (see CommandPipeline.replayed): stop at the change's end.
        if (event.revision > revision) return { state, revision: at };
        state = decider.evolve(state, toDomainEvent<E>(event));
        at = event.revision;
      }
      if (page.length === 0) break;
    }
    return { state, revision: at };
  }

  /** State as of a point in the past, from the same evolve as the live state. */
  async loadAt<S, C, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    at: PointInTime,
  ): Promise<LoadedAggregate<S> & { lastEvent?: RecordedEvent }> {
    let state = decider.initialState();
    let revision = -1n;
    let lastEvent: RecordedEvent | undefined;
    const until = at.time?.getTime();
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision: revision + 1n, maxCount: PAGE });
      for (const event of page) {
        if (at.position !== undefined && event.position > at.position) return { state, revision, lastEvent };
        if (until !== undefined && Date.parse(event.recordedAt) > until)
          return { state, revision, lastEvent };
        state = decider.evolve(state, toDomainEvent<E>(event));
        revision = event.revision;
        lastEvent = event;
      }
      if (page.length < PAGE) return { state, revision, lastEvent };
    }
  }
}

export function toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return { type: event.type, data: event.data } as E;
}
