import { Logger } from '@nestjs/common';
import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CatchUpJob, CatchUpMessage } from './projection-catch-up.worker';
import type { ProjectionRunner } from './projection-runner';
import { spawnProjectionWorker } from './projection-workers';

// One worker per core: more would only share the same cores, each with a heap of its own.
const MAX_WORKERS = Math.max(1, os.availableParallelism());

interface Task {
  job: CatchUpJob;
  runner: ProjectionRunner;
  logger: Logger;
  worker?: Worker;
  finish: () => void;
}

let nextJob = 0;
const workers = new Set<Worker>();
const idle: Worker[] = [];
const pending: Task[] = [];
const active = new Map<number, Task>();

/**
 * Catches a projection up in a worker thread, so several long backlogs (a first start, a
 * replay, a rebuild) are applied on several cores at once. The runner's database stays open
 * for queries meanwhile; its checkpoint follows the worker's commits. `done` resolves when the
 * worker has stopped on this projection, for whatever reason: the runner then continues in
 * this thread from the checkpoint on disk (and fails there itself on a poison event).
 */
export function catchUpInWorker(
  runner: ProjectionRunner,
  storeFile: string,
  until: bigint,
  logger: Logger,
): { done: Promise<void>; stop: () => Promise<void> } {
  const source = runner.definition.source!;
  let task!: Task;
  const done = new Promise<void>((resolve) => {
    task = {
      job: {
        id: nextJob++,
        storeFile,
        definitionFile: source.file,
        exportName: source.exportName,
        projectionFile: runner.file,
        until: until.toString(),
      },
      runner,
      logger,
      finish: resolve,
    };
  });
  pending.push(task);
  dispatch();
  return {
    done,
    stop: async () => {
      const queuedAt = pending.indexOf(task);
      if (queuedAt >= 0) {
        pending.splice(queuedAt, 1);
        task.finish();
      } else await task.worker?.terminate();
      await done;
    },
  };
}

function dispatch(): void {
  while (pending.length > 0) {
    const worker = idle.pop() ?? (workers.size < MAX_WORKERS ? spawn() : undefined);
    if (!worker) return;
    const task = pending.shift()!;
    task.worker = worker;
    active.set(task.job.id, task);
    worker.postMessage(task.job);
  }
  // Nothing left to catch up: idle workers go (a later rebuild starts new ones).
  for (const worker of idle.splice(0)) {
    workers.delete(worker);
    void worker.terminate();
  }
}

function spawn(): Worker {
  const worker = spawnProjectionWorker('projection-catch-up.worker');
  workers.add(worker);
  worker.on('message', (message: CatchUpMessage) => {
    const task = active.get(message.job);
    if (!task) return;
    if (message.kind === 'progress') {
      task.runner.progress(BigInt(message.checkpoint), message.eventsApplied);
      return;
    }
    if (message.failed)
      task.logger.warn(`worker catch-up of ${task.job.exportName} stopped: ${message.failed}`);
    settle(task);
    idle.push(worker);
    dispatch();
  });
  worker.on('error', (error) => {
    for (const task of active.values())
      if (task.worker === worker)
        task.logger.warn(`worker catch-up of ${task.job.exportName} failed: ${error.message}`);
  });
  worker.on('exit', () => {
    workers.delete(worker);
    for (const task of [...active.values()]) if (task.worker === worker) settle(task);
    dispatch();
  });
  return worker;
}

/** The worker is done with this projection: the runner reads the checkpoint it left on disk. */
function settle(task: Task): void {
  active.delete(task.job.id);
  task.runner.reloadCheckpoint();
  task.finish();
}
