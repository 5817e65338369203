/** The exact text Druid answers (HTTP 400, text/plain) when a markUsed/markUnused body is invalid. */
export const INVALID_PAYLOAD_MESSAGE =
  "Invalid request payload. Specify either 'interval' or 'segmentIds', but not both. Optionally, include 'versions' only when 'interval' is provided.";

/** A request Druid refuses with a plain-text 400 body. */
export class DruidPlainTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DruidPlainTextError';
  }
}

/**
 * A body of another Content-Type than application/json on an endpoint that consumes JSON only:
 * Jersey answers 415 Unsupported Media Type (BEHAVIOUR.md §6).
 */
export class DruidUnsupportedMediaTypeError extends Error {
  constructor(readonly contentType: string) {
    super(`Unsupported Media Type: ${contentType}`);
    this.name = 'DruidUnsupportedMediaTypeError';
  }
}

/** A request Druid refuses with its DruidException JSON (category INVALID_INPUT). */
export class DruidInvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DruidInvalidInputError';
  }
}
