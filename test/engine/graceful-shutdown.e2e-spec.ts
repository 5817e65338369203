import { makeTempDir } from '@engine/testing';
import { spawnEngine, startEngine } from '../support/engine-harness';

describe('graceful shutdown on SIGTERM', () => {
  it('finishes in-flight commands, exits cleanly, and keeps every acknowledged change', async () => {
    const temp = makeTempDir('ple-sigterm-');
    try {
      const engine = await spawnEngine({ dataDir: temp.dir });
      const body = { name: 'before', refreshType: 'INCREMENTAL', granularity: 'DAY' };
      const first = await engine.request('POST', '/engine/v1/materialization/plans', { body });
      expect(first.status).toBe(201);
      const requests = Array.from({ length: 20 }, (_, i) =>
        engine
          .request('POST', '/engine/v1/materialization/plans', {
            body: { name: `plan ${i}`, refreshType: 'INCREMENTAL', granularity: 'DAY' },
          })
          .catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      engine.process.kill('SIGTERM');
      const responses = await Promise.all(requests);
      // Nest re-raises the signal once it has closed everything: a clean exit reads as SIGTERM.
      const exit = await engine.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      expect(engine.output()).not.toMatch(/unhandled|TypeError/i);

      const acknowledged = [first, ...responses]
        .filter((r) => r?.status === 201)
        .map((r) => (r!.json as { uuid: string }).uuid);
      // Whatever the engine did not take was refused (503 or connection refused), never half-done.
      expect(responses.every((r) => r === undefined || r.status === 201 || r.status === 503)).toBe(true);
      const restarted = await startEngine({ dataDir: temp.dir });
      try {
        for (const uuid of acknowledged) {
          expect((await restarted.request('GET', `/engine/v1/materialization/plans/${uuid}`)).status).toBe(
            200,
          );
        }
      } finally {
        await restarted.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
