import { clickHouseHttpStatus } from './clickhouse-http-status';

// Source of truth: ClickHouse src/Server/HTTP/exceptionCodeToHTTPStatus.cpp (BEHAVIOUR.md §6).
describe('HTTP status per ClickHouse exception code', () => {
  it.each([
    [60, 'UNKNOWN_TABLE', 404],
    [81, 'UNKNOWN_DATABASE', 404],
    [46, 'UNKNOWN_FUNCTION', 404],
    [62, 'SYNTAX_ERROR', 400],
    [36, 'BAD_ARGUMENTS', 400],
    [53, 'TYPE_MISMATCH', 400],
    [48, 'NOT_IMPLEMENTED', 501],
    [497, 'ACCESS_DENIED', 403],
    [516, 'AUTHENTICATION_FAILED', 403],
    [248, 'INVALID_PARTITION_VALUE', 500],
    [233, 'BAD_DATA_PART_NAME', 500],
    [84, 'DIRECTORY_ALREADY_EXISTS', 500],
    [164, 'READONLY', 500],
  ])('given code %i (%s), then the status is %i', (code, _name, status) => {
    expect(clickHouseHttpStatus(code)).toBe(status);
  });
});
