import { Decider, DomainEvent } from '@engine/kernel/domain';
import { fingerprintOf } from './canonical-json';
import { RestoreError } from './restore.errors';
import { RestoreFamily } from './restore.types';

/**
 * One decision over the aggregate: the plan's ordinary commands, decided one after the other by
 * the family's own decide on a copy of the state, so all their events are appended at once.
 */
export interface RestoreToPoint<C> {
  type: 'RestoreToPoint';
  commands: readonly C[];
  /** Fingerprint of the subjects the plan was computed from: any other state is a conflict. */
  expectedFingerprint: string;
}

export function cloneState<S, C, E extends DomainEvent, M>(family: RestoreFamily<S, C, E, M>, state: S): S {
  return family.clone ? family.clone(state) : structuredClone(state);
}

/** Decides each command on `state` (mutated) and folds its events in; returns every event. */
export function runCommands<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
  state: S,
  commands: readonly C[],
): { state: S; events: E[] } {
  const events: E[] = [];
  let work = state;
  for (const command of commands) {
    for (const event of family.decider.decide(command, work)) {
      events.push(event);
      work = family.decider.evolve(work, event);
    }
  }
  return { state: work, events };
}

/**
 * The family's decider with a restore decide: same initial state and evolve (so the pipeline's
 * cached state and snapshots are shared with the family's ordinary commands).
 */
export function restoreDecider<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
): Decider<S, RestoreToPoint<C>, E> {
  return {
    initialState: family.decider.initialState,
    evolve: family.decider.evolve,
    decide(command, state) {
      const now = fingerprintOf(family.subjects(state));
      if (now !== command.expectedFingerprint) {
        throw new RestoreError(
          'RESTORE_CONFLICT',
          'The aggregate changed since the restore plan was computed; compute a new plan',
          { expectedFingerprint: command.expectedFingerprint, fingerprint: now },
        );
      }
      return runCommands(family, cloneState(family, state), command.commands).events;
    },
  };
}

/** The family's state and its memory folded together, for loading the point in one pass. */
export function withMemory<S, C, E extends DomainEvent, M>(
  family: RestoreFamily<S, C, E, M>,
): Decider<{ state: S; memory: M | undefined }, never, E> {
  const memory = family.memory;
  return {
    initialState: () => ({ state: family.decider.initialState(), memory: memory?.initial() }),
    evolve: (both, event) => ({
      state: family.decider.evolve(both.state, event),
      memory: memory && both.memory !== undefined ? memory.evolve(both.memory, event) : both.memory,
    }),
    decide: () => [],
  };
}
