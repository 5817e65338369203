// Read side, file 5 of 6: the read-side thread itself, one runner per live projection over a
// read-only view of the SQLite store (next: projection-runner.ts). Previous: projection-host.ts.

// The SQLite store's own file, not the package index (which loads the EventStoreDB client too).
import { SqliteEventStore } from '@engine/eventstore/sqlite/sqlite-event-store';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProjectionState } from './projection';
import { ProjectionRunner, RunnerError } from './projection-runner';
import { loadProjection } from './projection-workers';

export type HostRequest =
  | {
      kind: 'run';
      id: number;
      definitionFile: string;
      exportName: string;
      projectionFile: string;
      state: ProjectionState;
    }
  | { kind: 'appended' }
  | { kind: 'hurry'; id: number }
  | { kind: 'stop'; id: number };

export type HostMessage =
  | { kind: 'progress'; id: number; checkpoint: string; eventsApplied: number }
  | { kind: 'failed'; id: number; error: RunnerError }
  | { kind: 'stopped'; id: number };

/**
 * The read side's thread: runs the live projections over a read-only view of the SQLite store,
 * woken by the main thread after each commit, and reports every commit back. Queries keep
 * reading the projections' files from the main thread.
 */
const store = new SqliteEventStore({ file: (workerData as { storeFile: string }).storeFile, readonly: true });
const runners = new Map<number, ProjectionRunner>();
const post = (message: HostMessage) => parentPort?.postMessage(message);

async function run(job: Extract<HostRequest, { kind: 'run' }>): Promise<void> {
  const definition = await loadProjection(job.definitionFile, job.exportName);
  const runner = new ProjectionRunner(definition, job.projectionFile, store, {
    onCommit: (checkpoint, eventsApplied) =>
      post({ kind: 'progress', id: job.id, checkpoint: checkpoint.toString(), eventsApplied }),
    onFail: (error) => post({ kind: 'failed', id: job.id, error }),
  });
  runners.set(job.id, runner);
  runner.start(job.state);
}

async function stop(id: number): Promise<void> {
  await runners.get(id)?.close();
  runners.delete(id);
  post({ kind: 'stopped', id });
}

parentPort?.on('message', (request: HostRequest) => {
  switch (request.kind) {
    case 'appended':
      return store.notifyAppended();
    case 'hurry':
      return runners.get(request.id)?.hurry();
    case 'run':
      return void run(request).catch((error: unknown) =>
        post({
          kind: 'failed',
          id: request.id,
          error: { message: String((error as Error)?.message ?? error) },
        }),
      );
    case 'stop':
      return void stop(request.id);
  }
});
