import type { Worker } from 'node:worker_threads';
import { counterDecider, totals } from './counter.fixture';
import { context, kernelFixture, totalOf } from './kernel.fixture';

describe('read-side thread', () => {
  it('applies live projections off the request thread and comes back after it dies', async () => {
    const kernel = kernelFixture();
    const increment = (by: number) =>
      kernel.pipeline.run({
        stream: 'counter-acme/h',
        decider: counterDecider,
        command: { type: 'Increment', by },
        context: context(),
      });
    try {
      kernel.projections.register(totals);
      await kernel.projections.onApplicationBootstrap();
      await increment(2);
      await kernel.projections.caughtUp(['counter-totals']);
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/h')).toBe(2);

      const host = (kernel.projections as unknown as { host: { worker?: Worker } }).host;
      expect(host.worker).toBeDefined();
      await host.worker!.terminate();

      await increment(3);
      expect(await kernel.projections.caughtUp(['counter-totals'])).toBe(true);
      expect(totalOf(kernel.projections.database('counter-totals'), 'counter-acme/h')).toBe(5);
      expect((await kernel.projections.status())[0]).toMatchObject({ state: 'running', eventsApplied: 2 });
    } finally {
      await kernel.close();
    }
  }, 30_000);
});
