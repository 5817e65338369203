import { ProjectionRegistry } from '@engine/kernel';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { API_KEYS, startEngine, TestEngine } from '../support/engine-harness';
import { markUnused, publish } from './support/segments-lifecycle';

const ROOT = path.resolve(__dirname, '../..');

describe('replay CLI', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    // The CLI runs in a process of its own and reads the store from DATA_DIR: keep it on SQLite.
    engine = await startEngine({ store: 'sqlite' });
    await publish(engine, [0, 1, 2, 3]);
    await markUnused(engine, 2);
    // spawnSync blocks this process, engine included: the live read models must be current first.
    await engine.app!.get(ProjectionRegistry).caughtUp();
  });
  afterAll(() => engine?.close());

  const replay = () =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'apps/engine/src/replay.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: engine.dataDir, API_KEYS, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('rebuilds every projection from the store and finds it equal to the live one (exit 0)', () => {
    const run = replay();
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^EQUAL {3}segment-used {2}\| {2}events replayed 2 /m);
    expect(run.stdout).not.toContain('DIFFERS');
    expect(run.status).toBe(0);
  }, 120_000);

  it('reports a live read model that drifted from the store (exit 1)', () => {
    engine.app!.get(ProjectionRegistry).database('segment-used').exec('UPDATE segments SET size = size + 1');
    const run = replay();
    expect(run.stdout).toMatch(/^DIFFERS segment-used/m);
    expect(run.status).toBe(1);
  }, 120_000);
});
