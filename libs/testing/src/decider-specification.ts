import type { Decider, DomainEvent } from '@engine/kernel/domain';

/**
 * Given/When/Then over a pure decider:
 *   spec.given([...events]).when(command).then([...expected])
 *   spec.given([...events]).when(command).thenThrows((e) => ...)
 */
export const DeciderSpecification = {
  for<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
    return {
      given(events: E[]) {
        return {
          when(command: C) {
            const run = (): E[] => {
              const state = events.reduce(decider.evolve, decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: E[]): void {
                expect(run()).toEqual(expected);
              },
              thenNothingHappens(): void {
                expect(run()).toEqual([]);
              },
              /** Returns the produced events for assertions that need more than equality. */
              events(): E[] {
                return run();
              },
              thenThrows<Err extends Error>(
                check: ((error: Err) => boolean) | (new (...args: never[]) => Err),
              ): void {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                if (thrown === undefined)
                  throw new Error('expected the command to be refused, but it produced events');
                if (check.prototype instanceof Error || (check as unknown) === Error) {
                  expect(thrown).toBeInstanceOf(check as new (...args: never[]) => Err);
                } else {
                  expect((check as (error: Err) => boolean)(thrown as Err)).toBe(true);
                }
              },
            };
          },
        };
      },
      /** The state after folding `events`, for assertions about evolve. */
      stateAfter(events: E[]): S {
        return events.reduce(decider.evolve, decider.initialState());
      },
    };
  },
};
