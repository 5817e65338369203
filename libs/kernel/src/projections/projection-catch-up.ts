// Read side, file 2 of 6 (only for a projection far behind the store's head): the pool of worker
// threads that catch backlogs up (next: projection-catch-up.worker.ts); the registry then starts
// the projection live (projection-host.ts). Previous: projection-registry.ts.
import { Logger } from '@nestjs/common';
import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CatchUpJob, CatchUpMessage } from './projection-catch-up.worker';
import type { ProjectionRunner } from './projection-runner';
import { spawnProjectionWorker } from './projection-workers';

interface Task {
  job: CatchUpJob;
  runner: ProjectionRunner;
  worker?: Worker;
  finish: () => void;
}

/**
 * Catches projections up in worker threads, so several long backlogs (a first start, a replay,
 * a rebuild) are applied on several cores at once. The runner's database stays open for queries
 * meanwhile; its checkpoint follows the worker's commits. Once the worker stops on a projection,
 * for whatever reason, the runner continues from the checkpoint on disk (and fails there itself
 * on a poison event). Owned by one ProjectionRegistry, which closes it: engines in one process
 * never share workers.
 */
export class ProjectionCatchUpPool {
  private nextJob = 0;
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly pending: Task[] = [];
  private readonly active = new Map<number, Task>();
  private closed = false;

  constructor(
    private readonly storeFile: string,
    private readonly logger: Logger,
    // One worker per core: more would only share the same cores, each with a heap of its own.
    private readonly maxWorkers = Math.max(1, os.availableParallelism()),
  ) {}

  /**
   * Applies the runner's projection up to `until` (the store's head when asked) in a worker;
   * resolves once the worker has stopped on it (done, failed, or the pool closed).
   */
  catchUp(runner: ProjectionRunner, until: bigint): Promise<void> {
    const source = runner.definition.source;
    let task!: Task;
    const done = new Promise<void>((resolve) => {
      task = {
        job: {
          id: this.nextJob++,
          storeFile: this.storeFile,
          definitionFile: source.file,
          exportName: source.exportName,
          projectionFile: runner.file,
          until: until.toString(),
        },
        runner,
        finish: resolve,
      };
    });
    if (this.closed) task.finish();
    else {
      this.pending.push(task);
      this.dispatch();
    }
    return done;
  }

  /** Stops every catch-up (each runner keeps what its worker committed) and ends the workers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.pending.splice(0)) task.finish();
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (!this.closed && this.pending.length > 0) {
      const worker = this.idle.pop() ?? (this.workers.size < this.maxWorkers ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.pending.shift()!;
      task.worker = worker;
      this.active.set(task.job.id, task);
      worker.postMessage(task.job);
    }
    // Nothing left to catch up: idle workers go (a later rebuild starts new ones).
    for (const worker of this.idle.splice(0)) {
      this.workers.delete(worker);
      void worker.terminate();
    }
  }

  private spawn(): Worker {
    const worker = spawnProjectionWorker('projection-catch-up.worker');
    this.workers.add(worker);
    worker.on('message', (message: CatchUpMessage) => {
      const task = this.active.get(message.job);
      if (!task) return;
      if (message.kind === 'progress') {
        task.runner.progress(BigInt(message.checkpoint), message.eventsApplied);
        return;
      }
      if (message.failed)
        this.logger.warn(`worker catch-up of ${task.job.exportName} stopped: ${message.failed}`);
      this.settle(task);
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (error) => {
      for (const task of this.active.values())
        if (task.worker === worker)
          this.logger.warn(`worker catch-up of ${task.job.exportName} failed: ${error.message}`);
    });
    worker.on('exit', () => {
      this.workers.delete(worker);
      for (const task of [...this.active.values()]) if (task.worker === worker) this.settle(task);
      this.dispatch();
    });
    return worker;
  }

  /** The worker is done with this projection: the runner reads the checkpoint it left on disk. */
  private settle(task: Task): void {
    this.active.delete(task.job.id);
    task.runner.reloadCheckpoint();
    task.finish();
  }
}
