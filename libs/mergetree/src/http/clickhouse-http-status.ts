/**
 * The HTTP status ClickHouse's HTTP handler sends for an exception code
 * (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp; numbers from src/Common/ErrorCodes.cpp).
 * Codes not listed there are 500.
 */
const STATUS_BY_CODE = new Map<number, number>([
  // REQUIRED_PASSWORD
  [194, 401],
  // UNKNOWN_USER, WRONG_PASSWORD, SET_NON_GRANTED_ROLE, ACCESS_DENIED, AUTHENTICATION_FAILED
  ...[192, 193, 512, 497, 516].map((code): [number, number] => [code, 403]),
  // BAD_ARGUMENTS, CANNOT_PARSE_TEXT, _ESCAPE_SEQUENCE, _QUOTED_STRING, _INPUT_ASSERTION_FAILED, _DATE,
  // _DATETIME, _NUMBER, DUPLICATE_COLUMN, ILLEGAL_COLUMN, THERE_IS_NO_COLUMN, SYNTAX_ERROR,
  // INCORRECT_DATA, TYPE_MISMATCH, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, TOO_DEEP_AST, TOO_BIG_AST
  ...[36, 6, 25, 26, 27, 38, 41, 72, 15, 44, 8, 62, 117, 53, 321, 167, 168].map((code): [number, number] => [
    code,
    400,
  ]),
  // UNKNOWN_TABLE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, UNKNOWN_TYPE, UNKNOWN_STORAGE,
  // UNKNOWN_DATABASE, UNKNOWN_SETTING, UNKNOWN_AGGREGATE_FUNCTION, UNKNOWN_FORMAT
  ...[60, 46, 47, 50, 56, 81, 115, 63, 73].map((code): [number, number] => [code, 404]),
  // NOT_IMPLEMENTED
  [48, 501],
  // TIMEOUT_EXCEEDED
  [159, 408],
]);

export function clickHouseHttpStatus(code: number): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}
