import { EventStore, NewEvent, SqliteEventStore } from '@engine/eventstore';
import type Database from 'better-sqlite3';
import { makeTempDir } from '@engine/testing';
import * as path from 'node:path';
import { EngineConfig, loadConfig } from '../src/config/engine-config';
import { CommandContext } from '../src/context/command-context';
import { MetricsRegistry } from '../src/metrics/metrics.registry';
import { AggregateLoader } from '../src/pipeline/aggregate-loader';
import { CommandPipeline } from '../src/pipeline/command-pipeline';
import { SnapshotStore } from '../src/pipeline/snapshot-store';
import { ProjectionRegistry } from '../src/projections/projection-registry';
import { KernelDatabase } from '../src/storage/kernel-database';

/** The kernel's real parts wired by hand over a temporary SQLite store (no Nest container). */
export function kernelFixture(env: Record<string, string> = {}) {
  const temp = makeTempDir('ple-kernel-');
  const config: EngineConfig = loadConfig({
    DATA_DIR: temp.dir,
    API_KEYS: 'test-key-0001:acme:admin',
    // Reads wait as long as it takes (the test's timeout bounds them): a busy machine only slows them.
    READ_WAIT_MS: '600000',
    ...env,
  });
  const store: EventStore = new SqliteEventStore({ file: path.join(temp.dir, 'events.sqlite') });
  const kernelDb = new KernelDatabase(config);
  const snapshots = new SnapshotStore(kernelDb);
  const loader = new AggregateLoader(store, snapshots);
  const projections = new ProjectionRegistry(store, config);
  const metrics = new MetricsRegistry();
  const pipeline = new CommandPipeline(store, config, loader, snapshots, projections, metrics);
  return {
    config,
    store,
    kernelDb,
    snapshots,
    loader,
    projections,
    metrics,
    pipeline,
    /**
     * A second pipeline over the same store (or a faulty view of it), with a cold cache: another
     * engine process, or this one after a restart.
     */
    pipelineOver(over: EventStore = store): CommandPipeline {
      return new CommandPipeline(
        over,
        config,
        new AggregateLoader(over, snapshots),
        snapshots,
        projections,
        metrics,
      );
    },
    async close() {
      await projections.onApplicationShutdown();
      await store.close();
      kernelDb.onApplicationShutdown();
      temp.cleanup();
    },
  };
}

let sequence = 0;
export function context(overrides: Partial<CommandContext> = {}): CommandContext {
  sequence += 1;
  return {
    tenant: 'acme',
    actor: 'key:test',
    source: 'native',
    commandId: `cmd-${sequence}`,
    correlationId: `corr-${sequence}`,
    causationId: `cmd-${sequence}`,
    now: new Date('2025-06-01T12:00:00.000Z'),
    ...overrides,
  };
}

/** A context carrying an Idempotency-Key, as the interceptor sets it for a keyed request. */
export function keyedContext(key: string, fingerprint = 'f', tenant = 'acme'): CommandContext {
  return context({ tenant, idempotencyKey: key, idempotency: { key, fingerprint, appends: new Map() } });
}

let appended = 0;
/** `Incremented` events as another writer appends them straight to the store. */
export function incrementedEvents(count: number, by = 1, payload?: string): NewEvent[] {
  return Array.from({ length: count }, () => ({
    id: `appended-${++appended}`,
    type: 'Incremented',
    data: payload ? { by, payload } : { by },
    metadata: { ...context(), occurredAt: '2025-06-01T12:00:00.000Z' } as never,
  }));
}

/** The counter-totals projection's total for a stream. */
export function totalOf(db: Database.Database, stream: string): number | undefined {
  const row = db.prepare('SELECT total FROM totals WHERE stream = ?').get(stream) as
    { total: number } | undefined;
  return row?.total;
}
