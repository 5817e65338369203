import 'reflect-metadata';
import { createEventStore, EVENT_STORE, EventStoreModule } from '@engine/eventstore';
import { compareWithLive, formatComparison, ReadOnlyEventStore } from '@engine/audit';
import { ConfigError, EngineConfig, loadConfig, ProjectionRegistry } from '@engine/kernel';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from './app.module';

/**
 * `npm run replay`: rebuilds every read model from the event store into a fresh directory, with
 * the same module wiring as the engine, and compares each with the live one in DATA_DIR/read.
 * Exit code 0 = all equal, 1 = a difference or a failed projection, 2 = bad configuration or no store.
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const storeFile = path.join(config.dataDir, 'events.sqlite');
  // Opening a missing SQLite store would create it: refuse instead, the replay never writes there.
  if (!config.eventStoreConnectionString && !fs.existsSync(storeFile)) {
    process.stderr.write(`no event store at ${storeFile}\n`);
    return 2;
  }
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
    try {
      const registry = app.get(ProjectionRegistry);
      process.stdout.write(
        `replaying ${head} events into ${registry.names().length} projections (${scratch})\n`,
      );
      while (!(await registry.waitFor(head, 60_000))) {
        process.stdout.write('  still replaying...\n');
      }
      const elapsed = Date.now() - started;
      const rows = await compareWithLive(registry, path.join(config.dataDir, 'read'), elapsed);
      process.stdout.write(`${formatComparison(rows)}\n`);
      process.stdout.write(
        `replayed ${head} events in ${(elapsed / 1000).toFixed(1)} s (${Math.round(Number(head) / Math.max(elapsed / 1000, 0.001))} events/s)\n`,
      );
      return rows.every((r) => r.equal) ? 0 : 1;
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError
        ? `${error.message}\n`
        : `replay failed: ${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
