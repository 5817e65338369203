import {
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '@engine/eventstore';

/** No credentials, or credentials that match no key. */
export class AuthenticationError extends Error {
  constructor(message = 'Missing or invalid API key') {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** A valid key without the role or tenant the request needs. */
export class AuthorizationError extends Error {
  constructor(message = 'This API key may not perform this operation') {
    super(message);
    this.name = 'AuthorizationError';
  }
}

/** The body could not be parsed as the content type it claimed. */
export class MalformedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/** The body is larger than the route accepts; it was not read further. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than the ${limitBytes} bytes this operation accepts`);
    this.name = 'PayloadTooLargeError';
  }
}

/** Input failed validation; `messages` say which fields and why. */
export class RequestValidationError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'RequestValidationError';
  }
}

/** The command kept losing optimistic-concurrency races. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly stream: string) {
    super(`Too many concurrent changes to ${stream}; retry the request`);
    this.name = 'ConcurrencyConflictError';
  }
}

/**
 * A read model did not reach the position a read needs within the bound (or has failed): the
 * read is refused rather than answered from stale rows.
 */
export class ReadModelUnavailableError extends Error {
  constructor(
    readonly projections: readonly string[],
    readonly position: bigint,
    readonly failed: boolean,
  ) {
    super(
      failed
        ? `Read model ${projections.join(', ')} has failed and cannot show position ${position}; retry later`
        : `Read model ${projections.join(', ')} has not reached position ${position} yet; retry later`,
    );
    this.name = 'ReadModelUnavailableError';
  }
}

/** The kernel's own error codes: each dialect's table of kernel errors is typed over them. */
export type KernelErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'MALFORMED_BODY'
  | 'TOO_LARGE'
  | 'INVALID_REQUEST'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'READ_MODEL_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'BAD_REQUEST';

export interface KernelErrorDescription {
  status: number;
  code: KernelErrorCode;
  message: string;
}

/** Describes the kernel's own errors so each dialect's filter can render them its way. */
export function describeKernelError(error: unknown): KernelErrorDescription | undefined {
  if (error instanceof AuthenticationError)
    return { status: 401, code: 'UNAUTHENTICATED', message: error.message };
  if (error instanceof AuthorizationError) return { status: 403, code: 'FORBIDDEN', message: error.message };
  if (error instanceof MalformedBodyError)
    return { status: 400, code: 'MALFORMED_BODY', message: error.message };
  if (error instanceof PayloadTooLargeError)
    return { status: 413, code: 'TOO_LARGE', message: error.message };
  if (error instanceof RequestValidationError)
    return { status: 400, code: 'INVALID_REQUEST', message: error.message };
  if (error instanceof IdempotencyKeyReusedError) {
    return { status: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: error.message };
  }
  if (error instanceof ConcurrencyConflictError || error instanceof WrongExpectedRevisionError) {
    return {
      status: 409,
      code: 'CONFLICT',
      message: 'Concurrent change to the same aggregate; retry the request',
    };
  }
  if (error instanceof EventStoreUnavailableError) {
    return { status: 503, code: 'STORE_UNAVAILABLE', message: 'The event store is unavailable; retry later' };
  }
  if (error instanceof ReadModelUnavailableError) {
    return { status: 503, code: 'READ_MODEL_UNAVAILABLE', message: error.message };
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const code: KernelErrorCode =
      status === 404
        ? 'NOT_FOUND'
        : status === 409
          ? 'CONFLICT'
          : status === 413
            ? 'TOO_LARGE'
            : 'BAD_REQUEST';
    return { status, code, message: (error as Error).message };
  }
  return undefined;
}

/** Nest's HttpException and Fastify errors carry a status; read it without importing either. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { getStatus?: () => number; statusCode?: number };
  if (typeof candidate.getStatus === 'function') return candidate.getStatus();
  if (typeof candidate.statusCode === 'number') return candidate.statusCode;
  return undefined;
}
