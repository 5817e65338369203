import type { Decider, DomainEvent } from '@engine/kernel/domain';

/**
 * Decides and folds each command in turn, as the pipeline does, from `history`: every event
 * recorded (history excluded) and the state after the last. For specs of a command sequence.
 */
export function decideAll<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  commands: readonly C[],
  history: readonly E[] = [],
): { state: S; events: E[] } {
  let state = history.reduce(decider.evolve, decider.initialState());
  const events: E[] = [];
  for (const command of commands)
    for (const event of decider.decide(command, state)) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  return { state, events };
}
