import { Logger } from '@nestjs/common';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionState } from './projection';
import type { HostMessage, HostRequest } from './projection-host.worker';
import type { ProjectionRunner } from './projection-runner';

// Tests and `npm run bench:*` run the TypeScript sources: the worker then loads them the same way.
const fromSources = __filename.endsWith('.ts');
const WORKER_FILE = path.join(__dirname, `projection-host.worker.${fromSources ? 'ts' : 'js'}`);
const EXEC_ARGV = fromSources ? ['-r', '@swc-node/register'] : [];

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

  constructor(
    private readonly storeFile: string,
    private readonly logger: Logger,
  ) {}

  /** Starts the runner's projection in the read-side thread from the checkpoint on disk. */
  run(runner: ProjectionRunner, state: ProjectionState): void {
    const source = runner.definition.source!;
    const id = this.nextId++;
    this.hosted.set(id, runner);
    this.ids.set(runner, id);
    runner.state = state;
    this.send({
      kind: 'run',
      id,
      definitionFile: source.file,
      exportName: source.exportName,
      projectionFile: runner.file,
      state,
    });
  }

  hosts(runner: ProjectionRunner): boolean {
    return this.ids.has(runner);
  }

  /** A reader waits on this runner: the read-side thread commits without its batching delay. */
  hurry(runner: ProjectionRunner): void {
    const id = this.ids.get(runner);
    if (id !== undefined) this.send({ kind: 'hurry', id });
  }

  /** The store committed new events. */
  appended(): void {
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
    await Promise.all([...this.ids.keys()].map((runner) => this.stop(runner)));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private send(request: HostRequest): void {
    (this.worker ??= this.spawn()).postMessage(request);
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_FILE, {
      workerData: { storeFile: this.storeFile },
      execArgv: EXEC_ARGV,
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
    });
    return worker;
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
    if (message.kind === 'progress') runner.progress(BigInt(message.checkpoint), message.eventsApplied);
    else {
      this.logger.error(`projection ${runner.definition.name} stopped: ${message.error.message}`);
      runner.failedElsewhere(message.error);
    }
  }

  private forget(id: number): void {
    const runner = this.hosted.get(id);
    this.hosted.delete(id);
    if (runner) this.ids.delete(runner);
  }
}
