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
      type Outcome = { status: number; json: unknown } | { error: string };
      const requests: Promise<Outcome>[] = Array.from({ length: 20 }, (_, i) =>
        engine
          .request('POST', '/engine/v1/materialization/plans', {
            body: { name: `plan ${i}`, refreshType: 'INCREMENTAL', granularity: 'DAY' },
          })
          .catch((error: NodeJS.ErrnoException) => ({ error: error.code ?? error.message })),
      );
      // The signal lands while the batch is being served: once one of them has answered (an event,
      // not a timer), the others are queued on the engine's connections.
      await Promise.race(requests);
      engine.process.kill('SIGTERM');
      const responses = await Promise.all(requests);
      // Nest re-raises the signal once it has closed everything: a clean exit reads as SIGTERM.
      const exit = await engine.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      expect(engine.output()).not.toMatch(/unhandled|TypeError/i);

      // Every request is answered (201, or 503 while the engine drains) or its connection is refused
      // or reset; a dropped request counts only if the engine did nothing with it (checked below).
      for (const r of responses) {
        if ('error' in r) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(r.error);
        else expect([201, 503]).toContain(r.status);
      }
      const answered = (r: Outcome): r is { status: number; json: unknown } => 'status' in r;
      const acknowledged = [first, ...responses]
        .filter((r) => answered(r) && r.status === 201)
        .map((r) => ((r as { json: unknown }).json as { uuid: string }).uuid);
      expect(acknowledged.length).toBeGreaterThan(1);
      const restarted = await startEngine({ dataDir: temp.dir });
      try {
        for (const uuid of acknowledged) {
          expect((await restarted.request('GET', `/engine/v1/materialization/plans/${uuid}`)).status).toBe(
            200,
          );
        }
        // Never half-done: exactly the acknowledged plans exist, none from a refused or dropped request.
        const list = await restarted.request('GET', '/engine/v1/materialization/plans');
        const stored = (list.json as { plans: { uuid: string }[] }).plans.map((p) => p.uuid);
        expect([...stored].sort()).toEqual([...acknowledged].sort());
      } finally {
        await restarted.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
