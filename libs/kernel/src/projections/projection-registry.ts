// Read side, file 1 of 6 (start here): which projections exist, where each runs, and the read
// wait every query passes (`caughtUp`). A projection far behind is first caught up on workers
// (next: projection-catch-up.ts), then runs live in the read-side thread (projection-host.ts) or,
// without a local SQLite store or with PROJECTION_THREAD=main, right here (projection-runner.ts).
import {
  EVENT_STORE,
  EventStore,
  EventStoreAccessDeniedError,
  localCapabilities,
  LocalEventStoreCapabilities,
} from '@engine/eventstore';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine-config';
import { ReadModelUnavailableError } from '../errors/kernel-errors';
import { ProjectionDefinition, ProjectionStatus } from './projection';
import { ProjectionCatchUpPool } from './projection-catch-up';
import { ProjectionHost } from './projection-host';
import { ProjectionRunner } from './projection-runner';
import { currentPositions } from './request-positions';

function takes(
  definition: ProjectionDefinition,
  written: { category: string; eventTypes: readonly string[] },
): boolean {
  const { categories, eventTypes } = definition.filter ?? {};
  if (categories && !categories.includes(written.category)) return false;
  if (eventTypes && !written.eventTypes.some((type) => eventTypes.includes(type))) return false;
  return true;
}

interface Manifest {
  [name: string]: string;
}

/**
 * Owns every projection: where its database lives, its runner, read-your-writes waits,
 * status, and rebuilds beside the live copy. Families register definitions in onModuleInit;
 * runners start once the application has bootstrapped.
 */
@Injectable()
export class ProjectionRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly definitions = new Map<string, ProjectionDefinition>();
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly rebuilding = new Map<string, ProjectionRunner>();
  /** Per projection rebuilding: settles once the rebuild has switched over or given up. */
  private readonly switches = new Map<string, Promise<void>>();
  private readonly dir: string;
  private readonly manifestFile: string;
  private readonly logger = new Logger('ProjectionRegistry');
  private started = false;
  private closing = false;
  /** SQLite only: the store's file (other threads read it) and its commit notifications. */
  private readonly local?: LocalEventStoreCapabilities;
  /** The read-side thread (SQLite store only): live projections apply there, not here. */
  private readonly host?: ProjectionHost;
  /** Worker threads catching long backlogs up first (SQLite store only). */
  private readonly catchUpPool?: ProjectionCatchUpPool;
  /** Per projection: the last position this process appended that the projection takes. */
  private readonly written = new Map<string, bigint>();
  /** The store head when this process started: every read model must show it before answering. */
  private startHead?: bigint;
  private startHeadRead?: Promise<void>;
  private markStarted!: () => void;
  /** Resolves once every registered projection has its database open and its runner started. */
  readonly ready = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {
    this.dir = path.join(config.dataDir, 'read');
    this.manifestFile = path.join(this.dir, 'manifest.json');
    this.local = localCapabilities(store);
    const storeFile = this.local?.file;
    if (this.local && storeFile && config.projectionThread === 'worker')
      this.host = new ProjectionHost(storeFile, this.local, this.logger);
    if (storeFile && config.projectionWorkerCatchUp > 0)
      this.catchUpPool = new ProjectionCatchUpPool(storeFile, this.logger);
  }

  private createRunner(definition: ProjectionDefinition, file: string): ProjectionRunner {
    const runner: ProjectionRunner = new ProjectionRunner(definition, file, this.store, {
      log: new Logger(`Projection:${definition.name}`),
      onWait: () => this.host?.hurry(runner),
    });
    return runner;
  }

  private async closeRunner(runner: ProjectionRunner, options?: { deleteFile?: boolean }): Promise<void> {
    await this.host?.stop(runner);
    await runner.close(options);
  }

  register(definition: ProjectionDefinition): void {
    if (this.definitions.has(definition.name))
      throw new Error(`projection ${definition.name} registered twice`);
    this.definitions.set(definition.name, definition);
    if (this.started) this.startRunner(definition);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refuseWithoutAccess();
    this.started = true;
    fs.mkdirSync(this.dir, { recursive: true });
    this.startHeadRead = this.readStartHead();
    for (const definition of this.definitions.values()) this.startRunner(definition);
    this.markStarted();
  }

  private startRunner(definition: ProjectionDefinition): void {
    const manifest = this.readManifest();
    const file = manifest[definition.name] ?? `${definition.name}.v${definition.version}.sqlite`;
    // A new version starts from a file of its own; the old version's file is left for inspection.
    const current = file.startsWith(`${definition.name}.v${definition.version}.`)
      ? file
      : `${definition.name}.v${definition.version}.sqlite`;
    const runner = this.createRunner(definition, path.join(this.dir, current));
    this.runners.set(definition.name, runner);
    this.writeManifest({ ...manifest, [definition.name]: current });
    void this.launch(runner);
  }

  /** Starts a runner; a long backlog on the SQLite store is applied in a worker thread first. */
  private async launch(runner: ProjectionRunner): Promise<void> {
    if (this.catchUpPool) {
      const head = await this.store.headPosition();
      if (head - runner.checkpoint > BigInt(this.config.projectionWorkerCatchUp)) {
        runner.state = 'catching-up';
        await this.catchUpPool.catchUp(runner, head);
      }
    }
    if (this.closing) return;
    const state = this.rebuilding.get(runner.definition.name) === runner ? 'rebuilding' : 'running';
    if (this.host) this.host.run(runner, state);
    else runner.start(state);
  }

  names(): string[] {
    return [...this.definitions.keys()];
  }

  /** The live read database of a projection (switches after a rebuild). */
  database(name: string): Database.Database {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`unknown projection ${name}`);
    return runner.db;
  }

  /**
   * Read-your-writes, paid by reads: records that `position` was appended with events the
   * projections whose filter takes them must show before they answer a query.
   */
  noteAppended(position: bigint, written: { category: string; eventTypes: readonly string[] }): void {
    for (const definition of this.definitions.values()) {
      if (!takes(definition, written)) continue;
      if ((this.written.get(definition.name) ?? 0n) < position) this.written.set(definition.name, position);
    }
  }

  /**
   * The gate every read of a read model passes: resolves (true) once the named projections (all
   * when omitted) show (1) every event this process has appended for them (read-your-writes),
   * (2) the store head as it was when this process started (a restart never serves a read
   * model behind an acknowledged write), and (3) the request's minimum position
   * (`X-Engine-Min-Position` / `minPosition=`, from a write on any process). Bounded by
   * READ_WAIT_MS; beyond it, or when such a projection has failed, throws
   * ReadModelUnavailableError (a 503 in the route's dialect), never lets stale rows through.
   * Immediate when nothing is pending.
   */
  caughtUp(names?: readonly string[]): Promise<true> | true {
    const minPosition = currentPositions()?.minPosition;
    if (this.startHead === undefined && this.startHeadRead) {
      const bound = this.config.readYourWritesTimeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), bound)));
      return Promise.race([this.startHeadRead.then(() => true as const), timedOut]).then((known) => {
        clearTimeout(timer);
        if (!known) throw new ReadModelUnavailableError(names ?? this.names(), 0n, false);
        return this.caughtUp(names);
      });
    }
    let pending: Promise<string | undefined>[] | undefined;
    let needed = 0n;
    const failed: string[] = [];
    for (const [name, runner] of this.runners) {
      if (names && !names.includes(name)) continue;
      let target = this.written.get(name) ?? 0n;
      if (this.startHead !== undefined && this.startHead > target) target = this.startHead;
      if (minPosition !== undefined && minPosition > target) target = minPosition;
      if (runner.state === 'failed') failed.push(name);
      if (target > needed) needed = target;
      if (runner.checkpoint >= target || runner.state === 'failed') continue;
      const waited = runner.waitFor(target, this.config.readYourWritesTimeoutMs);
      (pending ??= []).push(
        waited.then((reached) => (reached && runner.state !== 'failed' ? undefined : name)),
      );
    }
    if (failed.length > 0) throw new ReadModelUnavailableError(failed, needed, true);
    if (!pending) return true;
    return Promise.all(pending).then((results) => {
      const behind = results.filter((name): name is string => name !== undefined);
      if (behind.length === 0) return true;
      const failedNow = behind.filter((name) => this.runners.get(name)?.state === 'failed');
      throw new ReadModelUnavailableError(behind, needed, failedNow.length > 0);
    });
  }

  /** The store head as of this process's start (undefined until the store has answered). */
  get headAtStart(): bigint | undefined {
    return this.startHead;
  }

  /**
   * A store that denies the engine's user its rights stops start-up with the reason (the right it
   * lacks): retrying would never help. An unreachable store does not: reads wait for it instead.
   */
  private async refuseWithoutAccess(): Promise<void> {
    try {
      this.startHead = await this.store.headPosition();
    } catch (error) {
      if (error instanceof EventStoreAccessDeniedError) throw error;
    }
  }

  /** Reads the start head, retrying while the store is unreachable (reads wait meanwhile). */
  private async readStartHead(): Promise<void> {
    for (let attempt = 0; !this.closing && this.startHead === undefined; attempt++) {
      try {
        this.startHead = await this.store.headPosition();
        return;
      } catch (error) {
        if (attempt === 0) this.logger.warn(`store head unknown at start: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500).unref());
      }
    }
  }

  /** Waits until every live projection has processed `position` (bounded). */
  async waitFor(position: bigint, timeoutMs = this.config.readYourWritesTimeoutMs): Promise<boolean> {
    const results = await Promise.all([...this.runners.values()].map((r) => r.waitFor(position, timeoutMs)));
    return results.every(Boolean);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const describe = (runner: ProjectionRunner): ProjectionStatus => ({
      name: runner.definition.name,
      version: runner.definition.version,
      state: runner.state,
      checkpoint: runner.checkpoint.toString(),
      head: head.toString(),
      lag: (head > runner.checkpoint ? head - runner.checkpoint : 0n).toString(),
      eventsPerSecond: runner.eventsPerSecond(),
      eventsApplied: runner.eventsApplied,
      lastError: runner.lastError,
      file: path.basename(runner.file),
    });
    return [...[...this.runners.values()].map(describe), ...[...this.rebuilding.values()].map(describe)];
  }

  /**
   * Rebuilds a projection from position 0 into a new file beside the live one; queries keep
   * using the live copy until the rebuild has caught up, then switch atomically.
   */
  async rebuild(name: string): Promise<ProjectionStatus> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`unknown projection ${name}`);
    if (this.rebuilding.has(name)) throw new Error(`projection ${name} is already rebuilding`);
    const file = path.join(this.dir, `${name}.v${definition.version}.${Date.now()}.sqlite`);
    const runner = this.createRunner(definition, file);
    this.rebuilding.set(name, runner);
    runner.state = 'rebuilding';
    void this.launch(runner);
    const switched = this.switchWhenCaughtUp(name, runner).finally(() => this.switches.delete(name));
    this.switches.set(name, switched);
    return (await this.status()).find(
      (s) => s.name === name && s.file === path.basename(file),
    ) as ProjectionStatus;
  }

  /** Settles once the rebuild of `name` under way (if any) has switched over or given up. */
  async rebuilt(name: string): Promise<void> {
    await this.switches.get(name);
  }

  private async switchWhenCaughtUp(name: string, runner: ProjectionRunner): Promise<void> {
    try {
      for (;;) {
        const head = await this.store.headPosition();
        if (runner.state === 'failed' || runner.state === 'stopped') return;
        if (await runner.waitFor(head, 1000)) break;
      }
      const old = this.runners.get(name);
      runner.state = 'running';
      this.runners.set(name, runner);
      this.writeManifest({ ...this.readManifest(), [name]: path.basename(runner.file) });
      if (old) await this.closeRunner(old, { deleteFile: true });
      this.logger.log(`projection ${name} rebuilt from 0 and switched to ${path.basename(runner.file)}`);
    } catch (error) {
      this.logger.error(`rebuild of ${name} failed: ${(error as Error).message}`);
    } finally {
      this.rebuilding.delete(name);
    }
  }

  private readManifest(): Manifest {
    try {
      return JSON.parse(fs.readFileSync(this.manifestFile, 'utf8')) as Manifest;
    } catch {
      return {};
    }
  }

  private writeManifest(manifest: Manifest): void {
    const tmp = `${this.manifestFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2));
    fs.renameSync(tmp, this.manifestFile);
  }

  async onApplicationShutdown(): Promise<void> {
    // Acknowledged commands are applied before the read models close (bounded by the timeout).
    await Promise.all(
      [...this.runners].map(([name, runner]) =>
        runner.waitFor(this.written.get(name) ?? 0n, this.config.readYourWritesTimeoutMs),
      ),
    );
    this.closing = true;
    await this.catchUpPool?.close();
    await this.host?.close();
    await Promise.all([...this.rebuilding.values(), ...this.runners.values()].map((r) => r.close()));
  }
}
