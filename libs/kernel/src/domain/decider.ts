/**
 * Pure decider types shared by every lifecycle family. Nothing here may import a framework,
 * read the clock or draw randomness: time and identifiers arrive inside commands.
 */

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  readonly initialState: () => State;
  /** Returns the events the command produces, or throws a DomainError. Never mutates `state`. */
  readonly decide: (command: Command, state: State) => Event[];
  /**
   * Folds one event into the state. May reuse (mutate) the given state for speed on large
   * aggregates: callers never use a state again after handing it to evolve.
   */
  readonly evolve: (state: State, event: Event) => State;
}

/** Optional snapshot support for aggregates whose streams grow long. */
export interface SnapshotPolicy<State> {
  /** Bump when the snapshot shape changes; older snapshots are then ignored. */
  readonly version: number;
  /** Take a snapshot after this many new events since the last one. */
  readonly every: number;
  readonly toSnapshot: (state: State) => unknown;
  readonly fromSnapshot: (snapshot: unknown) => State;
}

/** Compile-time exhaustiveness check for switches over commands and events. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
