import { createEventStore, EVENT_STORE, EventStoreModule } from '@engine/eventstore';
import { compareWithLive, formatComparison, ProjectionComparison, ReadOnlyEventStore } from '@engine/audit';
import { EngineConfig, ProjectionRegistry } from '@engine/kernel';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../app.module';
import { CliError, EXIT, progressBar } from './cli-support';

export type ReadModelMode = 'replay' | 'compare' | 'repair';

/**
 * Rebuilds every read model from the event store into a scratch directory, with the engine's own
 * module wiring, then (compare) checks each against the live copy in DATA_DIR/read, or (repair)
 * swaps each differing live copy for the rebuilt one. The store is opened read-only.
 */
export async function runReadModels(
  config: EngineConfig,
  mode: ReadModelMode,
  only: readonly string[] = [],
): Promise<number> {
  const storeFile = path.join(config.dataDir, 'events.sqlite');
  // Opening a missing SQLite store would create it: refuse instead, a replay never writes there.
  if (!config.eventStoreConnectionString && !fs.existsSync(storeFile))
    throw new CliError(`no event store at ${storeFile}`, EXIT.usage);
  if (
    mode === 'repair' &&
    config.eventStoreConnectionString === undefined &&
    !fs.existsSync(path.join(config.dataDir, 'read'))
  )
    throw new CliError(`no read models under ${path.join(config.dataDir, 'read')}`, EXIT.usage);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ple-replay-'));
  // Appends are refused: nothing the booted modules do (timers, executors) may touch the store.
  const store = new ReadOnlyEventStore(
    createEventStore({
      dataDir: config.dataDir,
      connectionString: config.eventStoreConnectionString,
      sqliteSynchronous: config.sqliteSynchronous,
    }),
  );
  const replayConfig: EngineConfig = {
    ...config,
    dataDir: scratch,
    // No generated admin key in the scratch directory; nothing is served anyway.
    apiKeys: config.apiKeys ?? [],
    compaction: { ...config.compaction, executor: 'external' },
  };
  try {
    const head = await store.headPosition();
    const started = Date.now();
    const app = await NestFactory.createApplicationContext(
      withStore(AppModule.forRoot(replayConfig), store),
      {
        logger: ['error', 'warn'],
      },
    );
    let rows: ProjectionComparison[];
    try {
      const registry = app.get(ProjectionRegistry);
      const unknown = only.filter((name) => !registry.names().includes(name));
      if (unknown.length > 0) throw new CliError(`unknown projection ${unknown.join(', ')}`, EXIT.usage);
      process.stdout.write(
        `replaying ${head} events into ${registry.names().length} projections (${scratch})\n`,
      );
      await followReplay(registry, head);
      const elapsed = Date.now() - started;
      rows = await compareWithLive(registry, path.join(config.dataDir, 'read'), elapsed);
      if (only.length > 0) rows = rows.filter((r) => only.includes(r.name));
      process.stdout.write(`${formatComparison(rows)}\n`);
      process.stdout.write(
        `replayed ${head} events in ${(elapsed / 1000).toFixed(1)} s (${Math.round(Number(head) / Math.max(elapsed / 1000, 0.001))} events/s)\n`,
      );
    } finally {
      await app.close();
    }
    if (rows.some((r) => r.error && r.error !== 'no live database')) return EXIT.failed;
    if (mode === 'replay') return EXIT.ok;
    if (mode === 'compare') return rows.every((r) => r.equal) ? EXIT.ok : EXIT.failed;
    for (const row of rows.filter((r) => !r.equal)) {
      const file = swapIn(scratch, path.join(config.dataDir, 'read'), row.name);
      process.stdout.write(`repaired ${row.name}: live read model replaced by the rebuilt one (${file})\n`);
    }
    return EXIT.ok;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Waits for the replay to reach the head, showing applied positions over the head. */
async function followReplay(registry: ProjectionRegistry, head: bigint): Promise<void> {
  const bar = progressBar('replay', Number(head));
  bar.setTotal(Math.max(Number(head), 1));
  try {
    while (!(await registry.waitFor(head, 250))) {
      const statuses = await registry.status();
      const slowest = statuses.reduce(
        (min, s) => (BigInt(s.checkpoint) < min ? BigInt(s.checkpoint) : min),
        head,
      );
      bar.update(Number(slowest), { unit: 'positions' });
    }
    bar.update(Math.max(Number(head), 1), { unit: 'positions' });
  } finally {
    bar.stop();
  }
}

function readManifest(dir: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * Copies the rebuilt database of `name` into the live read directory under a new file name and
 * points the manifest at it (rename: atomic), then removes the old file. The engine must be
 * stopped: a running one keeps its open copy until it restarts.
 */
function swapIn(scratch: string, liveDir: string, name: string): string {
  const rebuilt = readManifest(path.join(scratch, 'read'))[name];
  if (!rebuilt) throw new CliError(`the replay has no database for ${name}`);
  const version = /\.v(\d+)\./.exec(rebuilt)?.[1] ?? '1';
  const file = `${name}.v${version}.${Date.now()}.sqlite`;
  fs.mkdirSync(liveDir, { recursive: true });
  fs.copyFileSync(path.join(scratch, 'read', rebuilt), path.join(liveDir, file));
  const manifest = readManifest(liveDir);
  const old = manifest[name];
  const tmp = path.join(liveDir, 'manifest.json.tmp');
  fs.writeFileSync(tmp, JSON.stringify({ ...manifest, [name]: file }, null, 2));
  fs.renameSync(tmp, path.join(liveDir, 'manifest.json'));
  if (old && old !== file)
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(liveDir, old + suffix), { force: true });
  return file;
}

/** The app's module tree with the event store provider replaced (same module, other instance). */
function withStore(root: DynamicModule, store: ReadOnlyEventStore): DynamicModule {
  const replaced: DynamicModule = {
    module: EventStoreModule,
    providers: [{ provide: EVENT_STORE, useValue: store }],
    exports: [EVENT_STORE],
  };
  const isStoreModule = (m: unknown) =>
    typeof m === 'object' && m !== null && 'module' in m && m.module === EventStoreModule;
  const imports = root.imports ?? [];
  // Without the swap the app would open an empty store in the scratch directory and "replay" nothing.
  if (!imports.some(isStoreModule)) throw new Error('AppModule no longer imports EventStoreModule.forRoot');
  return { ...root, imports: imports.map((m) => (isStoreModule(m) ? replaced : m)) };
}
