import type { KernelErrorCode } from '@engine/kernel';
import type { MergeTreeErrorCode } from '../domain';
import type { ClickHouseError } from './clickhouse.error';

/** ClickHouse's numbers for the domain's error names (src/Common/ErrorCodes.cpp). */
export const DOMAIN_CODES: Readonly<Record<MergeTreeErrorCode, number>> = {
  UNKNOWN_TABLE: 60,
  TABLE_ALREADY_EXISTS: 57,
  NO_SUCH_DATA_PART: 232,
  BAD_DATA_PART_NAME: 233,
  DUPLICATE_DATA_PART: 235,
  INCORRECT_FILE_NAME: 79,
  INVALID_PARTITION_VALUE: 248,
  SUPPORT_IS_DISABLED: 344,
  CANNOT_FORGET_PARTITION: 716,
  INCOMPATIBLE_COLUMNS: 122,
  BAD_ARGUMENTS: 36,
  NO_SUCH_COLUMN_IN_TABLE: 16,
  UNKNOWN_IDENTIFIER: 47,
  UNKNOWN_POLICY: 478,
  UNKNOWN_DISK: 479,
  CANNOT_UPDATE_COLUMN: 420,
  TYPE_MISMATCH: 53,
  UNKNOWN_DATABASE: 81,
  NOT_FOUND_COLUMN_IN_BLOCK: 10,
  NOT_IMPLEMENTED: 48,
  DIRECTORY_ALREADY_EXISTS: 84,
  ILLEGAL_TYPE_OF_ARGUMENT: 43,
  UNKNOWN_FUNCTION: 46,
};

/** Kernel failures in ClickHouse's terms, keyed by the kernel's code. */
export const KERNEL_CODES: Readonly<Record<KernelErrorCode, [number, string]>> = {
  UNAUTHENTICATED: [516, 'AUTHENTICATION_FAILED'],
  FORBIDDEN: [497, 'ACCESS_DENIED'],
  MALFORMED_BODY: [62, 'SYNTAX_ERROR'],
  // ClickHouse's HTTP handler answers QUERY_IS_TOO_LARGE with 413 (exceptionCodeToHTTPStatus.cpp).
  TOO_LARGE: [229, 'QUERY_IS_TOO_LARGE'],
  INVALID_REQUEST: [36, 'BAD_ARGUMENTS'],
  IDEMPOTENCY_KEY_REUSED: [36, 'BAD_ARGUMENTS'],
  CONFLICT: [236, 'ABORTED'],
  STORE_UNAVAILABLE: [210, 'NETWORK_ERROR'],
  READ_MODEL_UNAVAILABLE: [159, 'TIMEOUT_EXCEEDED'],
  NOT_FOUND: [60, 'UNKNOWN_TABLE'],
  BAD_REQUEST: [36, 'BAD_ARGUMENTS'],
};

/** `Code: N. DB::Exception: message. (NAME)`, the body ClickHouse's HTTP handler sends. */
export function clickHouseErrorBody(error: ClickHouseError): string {
  return `Code: ${error.code}. DB::Exception: ${error.message.replace(/\.$/, '')}. (${error.codeName})\n`;
}
