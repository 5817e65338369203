import { totals } from './counter.fixture';
import { incrementedEvents, kernelFixture, totalOf } from './kernel.fixture';

describe('catch-up worker pools', () => {
  it('given two engines in one process catching up, when one closes, then the other catches up to its end', async () => {
    const closing = kernelFixture({ PROJECTION_WORKER_CATCH_UP: '100' });
    const staying = kernelFixture({ PROJECTION_WORKER_CATCH_UP: '100' });
    try {
      await closing.store.append('counter-acme/c', incrementedEvents(2000), 'no_stream');
      await staying.store.append('counter-acme/s', incrementedEvents(2000), 'no_stream');
      closing.projections.register(totals);
      staying.projections.register(totals);
      await closing.projections.onApplicationBootstrap();
      await staying.projections.onApplicationBootstrap();
      expect((await closing.projections.status())[0].state).toBe('catching-up');
      expect((await staying.projections.status())[0].state).toBe('catching-up');

      // Ends its own pool's workers mid catch-up, and only those.
      await closing.close();

      expect(await staying.projections.waitFor(await staying.store.headPosition())).toBe(true);
      expect(totalOf(staying.projections.database('counter-totals'), 'counter-acme/s')).toBe(2000);
    } finally {
      await staying.close();
    }
  }, 60_000);
});
