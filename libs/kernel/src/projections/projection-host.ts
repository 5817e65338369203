// Read side, file 4 of 6: the main thread's handle on the read-side thread, where live
// projections apply (next: projection-host.worker.ts); it mirrors their progress onto the runners
// this thread keeps for queries and read waits. Previous: projection-registry.ts.
import type { LocalEventStoreCapabilities } from '@engine/eventstore';
import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import type { ProjectionState } from './projection';
import type { HostMessage, HostRequest } from './projection-host.worker';
import type { ProjectionRunner } from './projection-runner';
import { spawnProjectionWorker } from './projection-workers';

/**
 * The main thread's side of the read-side thread: starts projections there, wakes it after each
 * commit, and mirrors each projection's progress (checkpoint, counts, failure) onto the runner
 * this thread keeps for queries, status and read-your-writes waits.
 */
export class ProjectionHost {
  private worker?: Worker;
  private nextId = 0;
  private readonly hosted = new Map<number, ProjectionRunner>();
  private readonly ids = new Map<ProjectionRunner, number>();
  private readonly stopping = new Map<number, () => void>();
  private readonly jobs = new Map<number, Extract<HostRequest, { kind: 'run' }>>();
  private readonly restarts: number[] = [];
  /** Events applied before this thread took the projection over (a catch-up, a dead thread). */
  private readonly appliedBefore = new Map<number, number>();
  private closing = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly storeFile: string,
    store: Pick<LocalEventStoreCapabilities, 'onAppended'>,
    private readonly logger: Logger,
  ) {
    // Each commit wakes the thread's subscriptions (they read the file, not this connection).
    this.unlisten = store.onAppended(() => this.appended());
  }

  /** Starts the runner's projection in the read-side thread from the checkpoint on disk. */
  run(runner: ProjectionRunner, state: ProjectionState): void {
    const source = runner.definition.source;
    const id = this.nextId++;
    this.hosted.set(id, runner);
    this.ids.set(runner, id);
    runner.state = state;
    const job = {
      kind: 'run',
      id,
      definitionFile: source.file,
      exportName: source.exportName,
      projectionFile: runner.file,
      state,
    } as const;
    this.jobs.set(id, job);
    // Counts continue from what was applied before (a catch-up in a worker).
    this.appliedBefore.set(id, runner.eventsApplied);
    this.send(job);
  }

  /** A reader waits on this runner: the read-side thread commits without its batching delay. */
  hurry(runner: ProjectionRunner): void {
    const id = this.ids.get(runner);
    if (id !== undefined) this.send({ kind: 'hurry', id });
  }

  private appended(): void {
    if (this.worker && this.hosted.size > 0)
      this.worker.postMessage({ kind: 'appended' } satisfies HostRequest);
  }

  /** Stops the projection in the read-side thread; resolves once its database is closed there. */
  async stop(runner: ProjectionRunner): Promise<void> {
    const id = this.ids.get(runner);
    if (id === undefined || !this.worker) return;
    const stopped = new Promise<void>((resolve) => this.stopping.set(id, resolve));
    this.send({ kind: 'stop', id });
    await stopped;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.unlisten();
    await Promise.all([...this.ids.keys()].map((runner) => this.stop(runner)));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private send(request: HostRequest): void {
    (this.worker ??= this.spawn()).postMessage(request);
  }

  private spawn(): Worker {
    const worker = spawnProjectionWorker('projection-host.worker', {
      workerData: { storeFile: this.storeFile },
    });
    worker.on('message', (message: HostMessage) => this.receive(message));
    worker.on('error', (error) => this.logger.error(`read-side thread failed: ${error.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      // Nobody will answer now: release whoever waits for a stop.
      for (const [id, resolve] of this.stopping) {
        this.forget(id);
        resolve();
      }
      this.stopping.clear();
      if (!this.closing) this.restart();
    });
    return worker;
  }

  /**
   * The thread died under its projections (an out-of-memory, a native crash): start a new one
   * that resumes each from its checkpoint on disk. Five deaths within a minute fail them instead.
   */
  private restart(): void {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && this.restarts[0] < now - 60_000) this.restarts.shift();
    const giveUp = this.restarts.length > 5;
    this.logger.error(`read-side thread exited; ${giveUp ? 'giving up' : 'restarting it'}`);
    for (const [id, job] of this.jobs) {
      const runner = this.hosted.get(id);
      if (!runner) continue;
      if (giveUp) runner.failedElsewhere({ message: 'the read-side thread keeps exiting' });
      else {
        runner.reloadCheckpoint();
        this.appliedBefore.set(id, runner.eventsApplied);
        this.send(job);
      }
    }
  }

  private receive(message: HostMessage): void {
    const runner = this.hosted.get(message.id);
    if (message.kind === 'stopped') {
      this.forget(message.id);
      this.stopping.get(message.id)?.();
      this.stopping.delete(message.id);
      return;
    }
    if (!runner) return;
    if (message.kind === 'progress') {
      const before = this.appliedBefore.get(message.id) ?? 0;
      runner.progress(BigInt(message.checkpoint), before + message.eventsApplied);
    } else {
      this.logger.error(`projection ${runner.definition.name} stopped: ${message.error.message}`);
      runner.failedElsewhere(message.error);
    }
  }

  private forget(id: number): void {
    const runner = this.hosted.get(id);
    this.hosted.delete(id);
    this.jobs.delete(id);
    this.appliedBefore.delete(id);
    if (runner) this.ids.delete(runner);
  }
}
