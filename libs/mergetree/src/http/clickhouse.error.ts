import { clickHouseHttpStatus } from './clickhouse-http-status';

/** An error with ClickHouse's number and name, rendered as `Code: N. DB::Exception: message. (NAME)`. */
export class ClickHouseError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** HTTP status ClickHouse's HTTP handler would send for this code. */
    readonly status = clickHouseHttpStatus(code),
  ) {
    super(message);
    this.name = 'ClickHouseError';
  }
}

export function syntaxError(message: string): ClickHouseError {
  return new ClickHouseError(62, 'SYNTAX_ERROR', message);
}
