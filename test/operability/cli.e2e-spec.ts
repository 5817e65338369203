import { ProjectionRegistry } from '@engine/kernel';
import { makeTempDir } from '@engine/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DS, markUnused, publish, segmentId } from '../audit/support/segments-lifecycle';
import { httpRequest, keys, startEngine, TestEngine } from '../support/engine-harness';
import { runCli } from './run-cli';

describe('ple: help and usage', () => {
  it.each([
    [[]],
    [['keys']],
    [['replay']],
    [['compare']],
    [['repair']],
    [['rebuild']],
    [['history']],
    [['keys', 'create']],
    [['backup']],
    [['restore']],
  ])('%j --help prints the usage and exits 0 without doing anything', async (args) => {
    const run = await runCli([...args, '--help'], { DATA_DIR: '/nonexistent/ple-help' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: ple${args.length ? ` ${args.join(' ')}` : ''}`);
    expect(fs.existsSync('/nonexistent/ple-help')).toBe(false);
  });

  it('exits 2 on an unknown command or a bad option value', async () => {
    expect((await runCli(['frobnicate'])).status).toBe(2);
    const badRole = await runCli(['keys', 'create', '--tenant', 'acme', '--role', 'root']);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('reader, operator, admin');
  });

  it('exits 2 when there is no store to replay', async () => {
    const empty = makeTempDir('ple-cli-empty-');
    try {
      const run = await runCli(['compare', '--data-dir', empty.dir]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('no event store');
    } finally {
      empty.cleanup();
    }
  });
});

describe('ple keys against a running engine', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    // Keys from DATA_DIR/api-keys.json (no API_KEYS), as in production.
    engine = await startEngine({ store: 'sqlite', env: { API_KEYS: '' } });
  });
  afterAll(() => engine.close());

  const whoami = (key: string) => httpRequest(engine.baseUrl, 'GET', '/engine/v1/whoami', { key });

  it('creates, lists, rotates and revokes hashed keys that the engine honours without a restart', async () => {
    // Given a key created for a tenant and role
    const created = await runCli([
      'keys',
      'create',
      '--tenant',
      'acme',
      '--role',
      'operator',
      '--data-dir',
      engine.dataDir,
    ]);
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ple_[0-9a-f]{48}$/);
    // Then the running engine accepts it, and the file holds only its hash
    expect((await whoami(key)).json).toMatchObject({ tenant: 'acme', role: 'operator' });
    expect(fs.readFileSync(path.join(engine.dataDir, 'api-keys.json'), 'utf8')).not.toContain(key);
    // And list shows its id, tenant and role, never the key
    const list = await runCli(['keys', 'list', '--json', '--data-dir', engine.dataDir]);
    const rows = JSON.parse(list.stdout) as { id: string; tenant: string; role: string }[];
    const mine = rows.find((r) => r.tenant === 'acme')!;
    expect(mine).toMatchObject({ role: 'operator' });
    expect(list.stdout).not.toContain(key);

    // When it is rotated, the old key stops working and the new one works
    const rotated = await runCli(['keys', 'rotate', mine.id, '--data-dir', engine.dataDir]);
    expect(rotated.status).toBe(0);
    const next = rotated.stdout.trim();
    expect((await whoami(key)).status).toBe(401);
    expect((await whoami(next)).json).toMatchObject({ tenant: 'acme', role: 'operator' });

    // When the new one is revoked, it stops working too
    const nextId = (
      JSON.parse((await runCli(['keys', 'list', '--json', '--data-dir', engine.dataDir])).stdout) as {
        id: string;
        tenant: string;
      }[]
    ).find((r) => r.tenant === 'acme')!.id;
    const revoked = await runCli(['keys', 'revoke', nextId, '--data-dir', engine.dataDir]);
    expect(revoked.status).toBe(0);
    expect((await whoami(next)).status).toBe(401);
    // And an unknown id is an error
    expect((await runCli(['keys', 'revoke', nextId, '--data-dir', engine.dataDir])).status).toBe(1);
  });
});

describe('ple read models, history and backup on a store with history', () => {
  let engine: TestEngine;
  const env = () => ({ ENGINE_URL: engine.baseUrl, ENGINE_KEY: keys.admin });
  beforeAll(async () => {
    engine = await startEngine({ store: 'sqlite' });
    await publish(engine, [0, 1, 2]);
    await markUnused(engine, 1);
    await engine.app!.get(ProjectionRegistry).caughtUp();
  });
  afterAll(() => engine?.close());

  it("history prints an aggregate's events and one subject's history", async () => {
    const all = await runCli(['history', 'datasource', DS, '--json'], env());
    expect(all.status).toBe(0);
    const events = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const subject = await runCli(['history', 'datasource', DS, '--subject', segmentId(1)], env());
    expect(subject.status).toBe(0);
    expect(subject.stdout.trim().split('\n')).toHaveLength(2);
    expect(subject.stdout).toContain(segmentId(1));
  });

  it('rebuild rebuilds one projection in the running engine and returns once it is live', async () => {
    const run = await runCli(['rebuild', 'segment-used'], { ...env(), ENGINE_KEY: keys.system });
    expect(run.stderr).not.toContain('failed');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/rebuilt segment-used: live at position \d+/);
    const status = (await engine.request('GET', '/engine/v1/projections', { key: keys.system })).json as {
      projections: { name: string }[];
    };
    expect(status.projections.filter((p) => p.name === 'segment-used')).toHaveLength(1);
  });

  it('history and rebuild exit 1 with the reason when the engine refuses', async () => {
    const refused = await runCli(['rebuild', 'segment-used'], {
      ENGINE_URL: engine.baseUrl,
      ENGINE_KEY: keys.reader,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('403');
  });

  it('backs up online, restores into a new directory, and the restored engine serves the same data', async () => {
    const target = makeTempDir('ple-cli-backup-');
    const restored = makeTempDir('ple-cli-restored-');
    try {
      const dir = path.join(target.dir, 'b1');
      const backup = await runCli(['backup', dir, '--data-dir', engine.dataDir]);
      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'backup.json'), 'utf8')) as {
        head: string;
        files: string[];
      };
      expect(manifest.files[manifest.files.length - 1]).toBe('events.sqlite');
      expect(manifest.files.some((f) => f.startsWith('read/'))).toBe(true);
      // The backup's read models compare equal with a replay of its own store
      expect((await runCli(['compare', '--data-dir', dir])).status).toBe(0);

      const restore = await runCli(['restore', dir, '--data-dir', restored.dir]);
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain(`store head ${manifest.head}`);
      // A second restore over it is refused without --force
      expect((await runCli(['restore', dir, '--data-dir', restored.dir])).status).toBe(2);

      const second = await startEngine({ store: 'sqlite', dataDir: restored.dir });
      try {
        const before = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=all`);
        const after = await second.request('GET', `/engine/v1/datasources/${DS}/segments?state=all`);
        expect(after.status).toBe(200);
        expect(after.json).toEqual(before.json);
      } finally {
        await second.app!.close();
      }
    } finally {
      target.cleanup();
      restored.cleanup();
    }
  });

  it('compare finds a drifted read model (exit 1) and repair fixes it (then compare exits 0)', async () => {
    // On a copy: repair wants the engine that owns the directory stopped.
    const copy = makeTempDir('ple-cli-repair-');
    try {
      const dir = path.join(copy.dir, 'data');
      expect((await runCli(['backup', dir, '--data-dir', engine.dataDir])).status).toBe(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'read', 'manifest.json'), 'utf8')) as Record<
        string,
        string
      >;
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(path.join(dir, 'read', manifest['segment-used']));
      db.exec('UPDATE segments SET size = size + 1');
      db.close();
      const drifted = await runCli(['compare', '--data-dir', dir]);
      expect(drifted.status).toBe(1);
      expect(drifted.stdout).toMatch(/^DIFFERS segment-used/m);
      const repaired = await runCli(['repair', '--data-dir', dir]);
      expect(repaired.status).toBe(0);
      expect(repaired.stdout).toContain('repaired segment-used');
      expect((await runCli(['compare', '--data-dir', dir])).status).toBe(0);
    } finally {
      copy.cleanup();
    }
  });
});
