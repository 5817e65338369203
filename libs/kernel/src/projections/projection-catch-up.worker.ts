// Read side, file 3 of 6: inside a catch-up worker thread, one projection's backlog applied page
// by page with the same runner as everywhere (next: projection-runner.ts). Previous:
// projection-catch-up.ts.

// The SQLite store's own file, not the package index (which loads the EventStoreDB client too).
import { readFilter, SqliteEventStore } from '@engine/eventstore/sqlite/sqlite-event-store';
import { parentPort } from 'node:worker_threads';
import { ProjectionRunner } from './projection-runner';
import { loadProjection } from './projection-workers';

/** Events per read and per transaction. */
const PAGE = 2000;

export interface CatchUpJob {
  id: number;
  storeFile: string;
  definitionFile: string;
  exportName: string;
  projectionFile: string;
  /** Stop once the projection has processed this position (the store's head when asked). */
  until: string;
}

export type CatchUpMessage =
  | { kind: 'progress'; job: number; checkpoint: string; eventsApplied: number }
  | { kind: 'done'; job: number; failed?: string };

/**
 * Runs in a worker thread: applies one projection's backlog from the SQLite store (opened
 * read-only) to the projection's database, the same runner and batches as the main thread,
 * reporting each commit. The main thread carries on live from where this stops.
 */
async function catchUp(job: CatchUpJob): Promise<{ failed?: string }> {
  const definition = await loadProjection(job.definitionFile, job.exportName);
  const store = new SqliteEventStore({ file: job.storeFile, readonly: true });
  const post = (message: CatchUpMessage) => parentPort?.postMessage(message);
  const runner = new ProjectionRunner(definition, job.projectionFile, store, {
    onCommit: (checkpoint, eventsApplied) =>
      post({ kind: 'progress', job: job.id, checkpoint: checkpoint.toString(), eventsApplied }),
  });
  const filter = readFilter(definition.filter);
  try {
    runner.catchUp((from) => store.readEvents(from, filter, PAGE), BigInt(job.until));
    return { failed: runner.state === 'failed' ? runner.lastError?.message : undefined };
  } finally {
    await runner.close();
    await store.close();
  }
}

// Jobs arrive one at a time; the main thread ends the worker when none are left.
parentPort?.on('message', (job: CatchUpJob) => {
  catchUp(job).then(
    ({ failed }) => parentPort?.postMessage({ kind: 'done', job: job.id, failed } satisfies CatchUpMessage),
    (error: unknown) =>
      parentPort?.postMessage({
        kind: 'done',
        job: job.id,
        failed: String((error as Error)?.message ?? error),
      } satisfies CatchUpMessage),
  );
});
