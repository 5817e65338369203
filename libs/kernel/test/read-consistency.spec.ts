import { ReadModelUnavailableError } from '../src/errors/kernel-errors';
import { currentPositions, runWithPositions } from '../src/projections/request-positions';
import { counterDecider, totals } from './counter.fixture';
import { context, kernelFixture, totalOf } from './kernel.fixture';

describe('read consistency: the positions a request writes and reads at', () => {
  it('given a request, when its commands append, then it records the highest position written', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      const positions = {};
      const outcomes = await runWithPositions(positions, async () => [
        await kernel.pipeline.run({
          stream: 'counter-acme/a',
          decider: counterDecider,
          command: { type: 'Increment', by: 1 },
          context: context(),
        }),
        await kernel.pipeline.run({
          stream: 'counter-acme/b',
          decider: counterDecider,
          command: { type: 'Increment', by: 2 },
          context: context(),
        }),
      ]);
      expect(positions).toEqual({ written: outcomes[1].position });
      expect(currentPositions()).toBeUndefined();
    } finally {
      await kernel.close();
    }
  });

  it('given a minimum position at the head, when a read waits, then the read model shows it', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      const written = await kernel.pipeline.run({
        stream: 'counter-acme/c',
        decider: counterDecider,
        command: { type: 'Increment', by: 3 },
        context: context(),
      });
      await runWithPositions({ minPosition: written.position }, () =>
        kernel.projections.caughtUp(['counter-totals']),
      );
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/c')).toBe(3);
    } finally {
      await kernel.close();
    }
  });

  it('given a minimum position beyond the head, when the bound passes, then the read is refused naming the read model', async () => {
    const kernel = kernelFixture({ READ_WAIT_MS: '100' });
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      const head = await kernel.store.headPosition();
      const read = runWithPositions({ minPosition: head + 5n }, async () =>
        kernel.projections.caughtUp(['counter-totals']),
      );
      await expect(read).rejects.toThrow(ReadModelUnavailableError);
      await expect(read).rejects.toThrow(/counter-totals has not reached position/);
    } finally {
      await kernel.close();
    }
  });
});
