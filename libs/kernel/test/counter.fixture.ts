import { Decider, DomainError, DomainEvent } from '../src/domain';

/** A tiny aggregate for exercising the kernel: a counter with a ceiling. */
export type CounterEvent =
  DomainEvent<'Incremented', { by: number }> | DomainEvent<'Reset', Record<string, never>>;
export type CounterCommand =
  { type: 'Increment'; by: number } | { type: 'Reset' } | { type: 'Bulk'; count: number; payload: string };

export const counterDecider: Decider<number, CounterCommand, CounterEvent> = {
  initialState: () => 0,
  decide(command, state) {
    switch (command.type) {
      case 'Increment':
        if (state + command.by > 1_000_000)
          throw new DomainError('CEILING', 'counter would pass its ceiling');
        return command.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.by } }];
      case 'Reset':
        return state === 0 ? [] : [{ type: 'Reset', data: {} }];
      case 'Bulk':
        return Array.from({ length: command.count }, () => ({
          type: 'Incremented' as const,
          data: { by: 1, payload: command.payload } as { by: number },
        }));
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Incremented':
        return state + event.data.by;
      case 'Reset':
        return 0;
    }
  },
};
