import type { EventStore, RecordedEvent } from '@engine/eventstore';
import { AggregateLoader, PastAggregate, PointInTime, toDomainEvent } from '@engine/kernel';
import { Decider, DomainEvent, SnapshotPolicy } from '@engine/kernel/domain';
import { toJsonState } from './state-json';

/** One partition / part / segment / tablet / plan partition touched by an event. */
export interface SubjectChange {
  /** What kind of thing it is: `segment`, `partition`, `part`, `rowset`, `plan-partition`... */
  kind: string;
  /** Its key within the aggregate (a segment ID, a partition value, a part name...). */
  key: string;
  /** What happened to it, in a few words (`published`, `marked unused`...). */
  change: string;
  /** The part of the event that concerns this subject, when the change name is not enough. */
  details?: unknown;
  /**
   * A handle (a move ID...) rather than a subject: a later event naming only the handle belongs
   * to the history of every subject an earlier event named together with it.
   */
  link?: boolean;
}

/** Key of a change that touches every subject of its kind (a plan-wide clear). */
export const EVERY_SUBJECT = '*';

/** A builder of one kind's changes, for a family's `describe`: `const part = touched('part')`. */
export const touched =
  (kind: string) =>
  (key: string, change: string, details?: unknown): SubjectChange => ({ kind, key, change, details });

/** What a lifecycle family declares so that audit, time travel and history work for it. */
export interface AuditFamily<S, C, E extends DomainEvent> {
  /** Stream category (`datasource`, `mergetree`, `lftable`, `tablet`, `matplan`). */
  category: string;
  description?: string;
  /** The family's own decider: time travel folds with its evolve, like the live state. */
  decider: Decider<S, C, E>;
  /** Used for the current state only (a past state is always replayed from the start). */
  snapshot?: SnapshotPolicy<S>;
  /** Subjects an event touched; without it, subject history is empty for the category. */
  describe?: (event: E) => SubjectChange[];
  /** JSON view of a state; by default Maps become objects and Sets arrays. */
  renderState?: (state: S) => unknown;
}

export interface AggregateAt {
  /** The rendered (JSON) state. */
  state: unknown;
  /** Revision of the last event folded in; -1n before the first event. */
  revision: bigint;
  lastEvent?: RecordedEvent;
}

/**
 * A family with its types erased behind closures, so one registry can hold every family
 * without casting deciders to `Decider<unknown, ...>` (their evolve is contravariant).
 */
export interface AuditCategory {
  readonly category: string;
  readonly description?: string;
  /** State after the events up to `at`, or the current state when `at` is undefined. */
  stateAt(loader: AggregateLoader, stream: string, at?: PointInTime): Promise<AggregateAt>;
  describe(event: RecordedEvent): SubjectChange[];
  /** The unrendered state at `at`, with the last event that changed each subject. */
  replayAt(
    store: EventStore,
    stream: string,
    at: PointInTime,
    historyOf?: readonly string[],
  ): Promise<PastAggregate>;
}

const REPLAY_PAGE = 5000;
const subjectKey = (kind: string, key: string) => `${kind}\u0000${key}`;

export function auditFamily<S, C, E extends DomainEvent>(family: AuditFamily<S, C, E>): AuditCategory {
  const render = family.renderState ?? toJsonState;
  return {
    category: family.category,
    description: family.description,
    async stateAt(loader, stream, at) {
      if (at === undefined) {
        const { state, revision } = await loader.load(stream, family.decider, family.snapshot);
        return { state: render(state), revision };
      }
      const loaded = await loader.loadAt(stream, family.decider, at);
      return { ...loaded, state: render(loaded.state) };
    },
    describe: (event) => family.describe?.(toDomainEvent<E>(event)) ?? [],
    // The same fold as AggregateLoader.loadAt (libs/kernel), plus who last touched each subject.
    async replayAt(store, stream, at, historyOf = []) {
      let state = family.decider.initialState();
      let revision = -1n;
      let lastEvent: RecordedEvent | undefined;
      let firstEvent: RecordedEvent | undefined;
      const changes = new Map<string, RecordedEvent>();
      const histories = new Map<string, RecordedEvent[]>();
      const keysOf = new Map<string, string[]>(historyOf.map((kind) => [kind, []]));
      const until = at.time?.getTime();
      const past = (): PastAggregate => ({
        state,
        revision,
        lastEvent,
        firstEvent,
        lastChange: (kind, key) => changes.get(subjectKey(kind, key)),
        history: (kind, key) => histories.get(subjectKey(kind, key)) ?? [],
        subjects: (kind) => keysOf.get(kind) ?? [],
      });
      for (;;) {
        const page = await store.readStream(stream, { fromRevision: revision + 1n, maxCount: REPLAY_PAGE });
        for (const event of page) {
          if (at.position !== undefined && event.position > at.position) return past();
          if (until !== undefined && Date.parse(event.recordedAt) > until) return past();
          const domainEvent = toDomainEvent<E>(event);
          state = family.decider.evolve(state, domainEvent);
          revision = event.revision;
          lastEvent = event;
          firstEvent ??= event;
          for (const change of family.describe?.(domainEvent) ?? []) {
            const key = subjectKey(change.kind, change.key);
            changes.set(key, event);
            const keys = keysOf.get(change.kind);
            if (!keys) continue;
            const history = histories.get(key);
            if (!history) {
              histories.set(key, [event]);
              keys.push(change.key);
            } else if (history[history.length - 1] !== event) history.push(event);
          }
        }
        if (page.length < REPLAY_PAGE) return past();
      }
    },
  };
}
