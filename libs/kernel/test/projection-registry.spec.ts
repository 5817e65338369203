import { ReadModelUnavailableError } from '../src/errors/kernel-errors';
import { counterDecider, totals } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, totalOf } from './kernel.fixture';

describe('ProjectionRegistry', () => {
  it('applies events, keeps the checkpoint with the rows, and serves read-your-writes', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      for (let i = 0; i < 5; i++) {
        await kernel.pipeline.run({
          stream: 'counter-acme/x',
          decider: counterDecider,
          command: { type: 'Increment', by: 2 },
          context: context(),
        });
        // Commands do not wait for read models; a reader waits until they show its writes.
        await kernel.projections.caughtUp(['counter-totals']);
        expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/x')).toBe(2 * (i + 1));
      }
      // Events of other categories advance the checkpoint without touching the rows.
      await kernel.store.append('other-acme/y', incrementedEvents(1, 99), 'no_stream');
      const head = await kernel.store.headPosition();
      expect(await kernel.projections.waitFor(head)).toBe(true);
      const [status] = await kernel.projections.status();
      expect(status).toMatchObject({
        name: 'counter-totals',
        state: 'running',
        checkpoint: head.toString(),
        lag: '0',
        eventsApplied: 5,
      });
    } finally {
      await kernel.close();
    }
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    await kernel.pipeline.run({
      stream: 'counter-acme/r',
      decider: counterDecider,
      command: { type: 'Increment', by: 1 },
      context: context(),
    });
    await kernel.projections.onApplicationShutdown();
    // Written while the projection is down.
    await kernel.store.append('counter-acme/r', incrementedEvents(1, 10), 0n);

    const { ProjectionRegistry } = await import('../src/projections/projection-registry');
    const restarted = new ProjectionRegistry(kernel.store, kernel.config);
    restarted.register(totals);
    await restarted.onApplicationBootstrap();
    try {
      expect(await restarted.waitFor(await kernel.store.headPosition())).toBe(true);
      expect(totalOf(restarted.database('counter-totals'), 'counter-acme/r')).toBe(11);
    } finally {
      await restarted.onApplicationShutdown();
      await kernel.close();
    }
  });

  it('stops on a poison event with the error visible, never skipping it', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      await kernel.pipeline.run({
        stream: 'counter-acme/p',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
      });
      const poisoned = await kernel.pipeline.run({
        stream: 'counter-acme/p',
        decider: counterDecider,
        command: { type: 'Bulk', count: 1, payload: 'poison' },
        context: context(),
      });
      await kernel.pipeline.run({
        stream: 'counter-acme/p',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
      });
      // A read of a failed read model is refused, never answered from its stale rows.
      await expect(async () => kernel.projections.caughtUp()).rejects.toThrow(ReadModelUnavailableError);
      await expect(async () => kernel.projections.caughtUp(['counter-totals'])).rejects.toThrow(
        /counter-totals has failed/,
      );
      const [status] = await kernel.projections.status();
      expect(status.state).toBe('failed');
      expect(status.lastError).toMatchObject({
        position: poisoned.position!.toString(),
        type: 'Incremented',
      });
      expect(status.lastError!.message).toContain('cannot project this');
      expect(BigInt(status.checkpoint)).toBeLessThan(poisoned.position!);
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/p')).toBe(1);
    } finally {
      await kernel.close();
    }
  });

  it('rebuilds from 0 beside the live copy and switches when caught up', async () => {
    const kernel = kernelFixture();
    kernel.projections.register(totals);
    await kernel.projections.onApplicationBootstrap();
    try {
      for (let i = 0; i < 3; i++) {
        await kernel.pipeline.run({
          stream: 'counter-acme/b',
          decider: counterDecider,
          command: { type: 'Increment', by: 5 },
          context: context(),
        });
      }
      const before = kernel.projections.database('counter-totals');
      await kernel.projections.rebuild('counter-totals');
      await kernel.projections.rebuilt('counter-totals');
      const after = kernel.projections.database('counter-totals');
      expect(after).not.toBe(before);
      expect(totalOf(after, 'counter-acme/b')).toBe(15);
    } finally {
      await kernel.close();
    }
  });
});
