import { makeTempDir } from '@engine/testing';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { startEngine } from '../support/engine-harness';

// Enough single-segment changes (~560 events) for the aggregate to be snapshotted (every 500), so the
// restarted engine loads snapshot + stream tail and must still decide exactly as before.
const DS = 'restart_ds';
const CHANGES = 700;
const at = (h: number) => new Date(Date.UTC(2024, 0, 1) + h * 3600000).toISOString();
const idOf = (h: number) => `${DS}_${at(h)}_${at(h + 1)}_v1`;

describe('segments across a restart', () => {
  it('reloads the aggregate from its snapshot and stream tail, and the projection resumes', async () => {
    const temp = makeTempDir('ple-segments-restart-');
    try {
      const first = await startEngine({ dataDir: temp.dir });
      const segments = Array.from({ length: 10 }, (_, h) => ({
        interval: `${at(h)}/${at(h + 1)}`,
        version: 'v1',
        size: 1,
      }));
      await first.request('POST', `/engine/v1/datasources/${DS}/segments`, { body: { segments } });
      for (let i = 0; i < CHANGES; i++) {
        const method = i % 2 === 0 ? 'DELETE' : 'POST';
        const res = await first.request(
          method,
          `/druid/coordinator/v1/datasources/${DS}/segments/${idOf(i % 10 === 0 ? 0 : 1)}`,
        );
        expect(res.status).toBe(200);
      }
      await first.request('DELETE', `/druid/coordinator/v1/datasources/${DS}/segments/${idOf(5)}`);
      await first.close();
      // The kernel's snapshot store holds this aggregate's snapshot (segments policy version 2).
      const kernel = new Database(path.join(temp.dir, 'kernel.sqlite'), { readonly: true });
      const snapshot = kernel
        .prepare('SELECT version, revision FROM snapshots WHERE stream = ?')
        .get(`datasource-acme/${DS}`) as { version: number; revision: number } | undefined;
      kernel.close();
      expect(snapshot?.version).toBe(2);
      expect(snapshot?.revision).toBeGreaterThanOrEqual(499);

      const second = await startEngine({ dataDir: temp.dir });
      try {
        // State after the restart: hours 0 (only ever deleted in the loop) and 5 unused, the rest used.
        const again = await second.request(
          'DELETE',
          `/druid/coordinator/v1/datasources/${DS}/segments/${idOf(5)}`,
        );
        expect(again.json).toEqual({ segmentStateChanged: false });
        const revived = await second.request('POST', `/druid/coordinator/v1/datasources/${DS}`);
        expect(revived.json).toEqual({ numChangedSegments: 2 });
        const used = await second.request('GET', `/druid/coordinator/v1/metadata/datasources/${DS}/segments`);
        expect(used.json).toEqual(Array.from({ length: 10 }, (_, h) => idOf(h)));
      } finally {
        await second.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
