// Read side, helper of projection-runner.ts: how a runner reports (log, commits, failure) to
// the thread that owns it.
import type { RecordedEvent } from '@engine/eventstore';

/** Where a runner reports trouble (Nest's Logger in the app; no Nest import, for worker threads). */
export interface RunnerLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  log?: RunnerLog;
  /** Told after every commit (a worker thread reports its progress to the main thread). */
  onCommit?: (checkpoint: bigint, eventsApplied: number) => void;
  /** Told when the runner stops on a poison event. */
  onFail?: (error: RunnerError) => void;
  /** Told when a reader starts waiting (the thread that applies should commit without delay). */
  onWait?: () => void;
}

export interface RunnerError {
  message: string;
  eventId?: string;
  position?: string;
  type?: string;
}

export const stderrLog = (name: string): RunnerLog => ({
  warn: (message) => process.stderr.write(`[Projection:${name}] ${message}\n`),
  error: (message) => process.stderr.write(`[Projection:${name}] ${message}\n`),
});

export class ProjectionApplyError extends Error {
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(
      `${(cause as Error)?.message ?? String(cause)} (event ${event.type} at position ${event.position})`,
    );
  }
}
