import {
  AccessDeniedError,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  ExpectedRevision,
  WrongExpectedRevisionError,
} from '../event-store.port';

/** Errors after which the fate of an in-flight request is unknown: the caller may retry. */
export function isConnectionError(raw: unknown): boolean {
  // Some client paths (e.g. the server-features probe) reject with the raw gRPC error.
  const error = raw instanceof Error ? convertToCommandError(raw) : raw;
  if (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  // Failures before a gRPC call exists (DNS, refused socket) surface as plain errors with a code.
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE)$/.test(code)
  );
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

/**
 * The server refused the connection string's user; the message names the rights it needs. A kind
 * of "unavailable" so every caller already answers 503 (never 500) and readiness stays false; a
 * caller that can stop (start-up, projection runners) should stop on it: retrying cannot help
 * until the user gets the rights.
 */
export class EventStoreAccessDeniedError extends EventStoreUnavailableError {
  constructor(cause: unknown) {
    super(
      'EventStoreDB denied access: the user in EVENTSTORE_CONNECTION_STRING needs to read $all ' +
        '(a member of $admins or $ops) and to read and write the engine streams; ' +
        `credentials are sent only over TLS (${cause instanceof Error ? cause.message : String(cause)})`,
      cause,
    );
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** Translates client errors into the port's errors; anything else is rethrown unchanged. */
export function toPortError(error: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  if (converted instanceof AccessDeniedError) return new EventStoreAccessDeniedError(converted);
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedRevisionError(
      stream ?? error.streamName,
      expected ?? toExpected(error.expectedVersion),
      typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream',
    );
  }
  if (isConnectionError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${message}`, error);
  }
  return error;
}

function toExpected(value: unknown): ExpectedRevision {
  if (typeof value === 'bigint') return value;
  return value === 'no_stream' || value === 'stream_exists' ? value : 'any';
}
