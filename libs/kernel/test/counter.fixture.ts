import type { ProjectionDefinition } from '../src/projections/projection';
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

/** Sums Incremented events per stream; throws on a payload marked as poison. */
export const totals: ProjectionDefinition = {
  name: 'counter-totals',
  source: { file: __filename, exportName: 'totals' },
  version: 1,
  filter: { categories: ['counter'] },
  open(db) {
    db.exec('CREATE TABLE IF NOT EXISTS totals (stream TEXT PRIMARY KEY, total INTEGER NOT NULL)');
    const add = db.prepare(
      'INSERT INTO totals (stream, total) VALUES (?, ?) ON CONFLICT(stream) DO UPDATE SET total = total + excluded.total',
    );
    return {
      apply(event) {
        const data = event.data as { by: number; payload?: string };
        if (data.payload === 'poison') throw new Error('cannot project this');
        if (event.type === 'Incremented') add.run(event.streamName, data.by);
      },
    };
  },
};
