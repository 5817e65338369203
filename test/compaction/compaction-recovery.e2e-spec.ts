import { makeTempDir } from '@engine/testing';
import { spawnEngine, startEngine } from '../support/engine-harness';
import { eventually, progress, registerTablet, run, tablet, TRIGGERED } from './compaction-fixtures';

describe('compaction recovery: timeouts and restarts', () => {
  it('fails a compaction the external executor started but never finished', async () => {
    const engine = await startEngine({
      env: { COMPACTION_EXECUTOR: 'external', COMPACTION_TIMEOUT_MS: '2000' },
    });
    try {
      await registerTablet(
        engine,
        601,
        [
          [0, 1],
          [2, 2],
          [3, 3],
        ],
        2,
      );
      await run(engine, 'tablet_id=601&compact_type=cumulative');
      const id = (await tablet(engine, 601)).running_compaction!.compaction_id;
      expect((await progress(engine, 601, id, 'start')).status).toBe(200);
      const after = await eventually(
        () => tablet(engine, 601),
        (t) => t.running_compaction === null,
      );
      expect(after.compactions[0]).toMatchObject({ compaction_id: id, status: 'timed_out', source: 'doris' });
      expect(after.compactions[0].reason).toMatch(/^timed out: started at .*, no result within 2000 ms$/);
      expect(after.rowsets).toHaveLength(3);
      expect((await progress(engine, 601, id, 'complete')).status).toBe(409); // too late
    } finally {
      await engine.close();
    }
  });

  it('fails a compaction whose built-in executor crashed mid-merge, after a restart', async () => {
    const data = makeTempDir('ple-compaction-crash-');
    try {
      const first = await spawnEngine({ dataDir: data.dir, env: { COMPACTION_DELAY_MS: '600000' } });
      await registerTablet(
        first,
        701,
        [
          [0, 1],
          [2, 2],
          [3, 3],
        ],
        2,
      );
      await registerTablet(
        first,
        702,
        [
          [0, 1],
          [2, 2],
        ],
        2,
      );
      await run(first, 'tablet_id=701&compact_type=cumulative');
      await eventually(
        () => tablet(first, 701),
        (t) => t.running_compaction?.status === 'running',
      );
      await first.kill('SIGKILL');

      const second = await spawnEngine({
        dataDir: data.dir,
        env: { COMPACTION_DELAY_MS: '0', COMPACTION_TIMEOUT_MS: '1000' },
      });
      try {
        const after = await eventually(
          () => tablet(second, 701),
          (t) => t.running_compaction === null,
        );
        expect(after.compactions[0]).toMatchObject({ status: 'timed_out' });
        expect(after.rowsets).toHaveLength(3);
        // The restarted executor works as usual.
        expect((await run(second, 'tablet_id=702&compact_type=cumulative')).json).toEqual(TRIGGERED);
        const done = await eventually(
          () => tablet(second, 702),
          (t) => t.compactions[0]?.status === 'completed',
        );
        expect(done.running_compaction).toBeNull();
      } finally {
        await second.kill('SIGTERM');
      }
    } finally {
      data.cleanup();
    }
  });

  it('a built-in executor started later picks up compactions triggered while none was running', async () => {
    const data = makeTempDir('ple-compaction-backlog-');
    try {
      const external = await startEngine({ dataDir: data.dir, env: { COMPACTION_EXECUTOR: 'external' } });
      await registerTablet(
        external,
        801,
        [
          [0, 1],
          [2, 2],
          [3, 3],
        ],
        2,
      );
      expect((await run(external, 'tablet_id=801&compact_type=cumulative')).json).toEqual(TRIGGERED);
      expect((await tablet(external, 801)).running_compaction).toMatchObject({ status: 'triggered' });
      await external.close();

      const builtin = await startEngine({ dataDir: data.dir, env: { COMPACTION_EXECUTOR: 'builtin' } });
      try {
        const done = await eventually(
          () => tablet(builtin, 801),
          (t) => t.running_compaction === null,
        );
        expect(done.compactions[0]).toMatchObject({ status: 'completed' });
        expect(done.rowsets.map((r) => [r.start_version, r.end_version])).toEqual([
          [0, 1],
          [2, 3],
        ]);
      } finally {
        await builtin.close();
      }
    } finally {
      data.cleanup();
    }
  });
});
