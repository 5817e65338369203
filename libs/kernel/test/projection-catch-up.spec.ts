import { ReadModelUnavailableError } from '../src/errors/kernel-errors';
import { counterDecider, totals } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, totalOf } from './kernel.fixture';

describe('projection catch-up in a worker thread', () => {
  it('applies a long backlog in a worker, then carries on live in this thread', async () => {
    const kernel = kernelFixture({ PROJECTION_WORKER_CATCH_UP: '100' });
    try {
      await kernel.store.append('counter-acme/w', incrementedEvents(500), 'no_stream');
      kernel.projections.register(totals);
      await kernel.projections.onApplicationBootstrap();
      expect((await kernel.projections.status())[0].state).toBe('catching-up');

      expect(await kernel.projections.waitFor(await kernel.store.headPosition())).toBe(true);
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/w')).toBe(500);

      // Only the live runner can apply this one: the worker stopped at the head it was given.
      await kernel.pipeline.run({
        stream: 'counter-acme/w',
        decider: counterDecider,
        command: { type: 'Increment', by: 7 },
        context: context(),
      });
      await kernel.projections.caughtUp();
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/w')).toBe(507);
      expect((await kernel.projections.status())[0]).toMatchObject({
        state: 'running',
        eventsApplied: 501,
        checkpoint: '501',
      });
    } finally {
      await kernel.close();
    }
  }, 60_000);

  it('stops at a poison event met in the worker, keeping everything before it', async () => {
    const kernel = kernelFixture({ PROJECTION_WORKER_CATCH_UP: '100' });
    try {
      await kernel.store.append('counter-acme/p', incrementedEvents(300), 'no_stream');
      const { position } = await kernel.store.append(
        'counter-acme/p',
        incrementedEvents(1, 1, 'poison'),
        299n,
      );
      await kernel.store.append('counter-acme/p', incrementedEvents(50), 300n);
      kernel.projections.register(totals);
      await kernel.projections.onApplicationBootstrap();
      // The read wait ends when the runner fails on the poison event (it reaches no further).
      await expect(async () => kernel.projections.caughtUp()).rejects.toThrow(ReadModelUnavailableError);
      const [status] = await kernel.projections.status();
      expect(status.lastError).toMatchObject({ position: position.toString() });
      expect(status.lastError!.message).toContain('cannot project this');
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/p')).toBe(300);
    } finally {
      await kernel.close();
    }
  }, 60_000);
});
