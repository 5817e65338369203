import type { CatalogErrorCode } from '../domain';

/**
 * Native API statuses (catalog errors reach native routes through restore): a missing parent
 * is 404, an existing name 409, a malformed request 400.
 */
export const CATALOG_NATIVE_ERROR_STATUSES: Readonly<Record<CatalogErrorCode, number>> = {
  INVALID_PARAMETER: 400,
  BATCH_TOO_LARGE: 400,
  TABLE_NOT_PARTITIONED: 400,
  PARTITION_VALUES_MISMATCH: 400,
  INVALID_COLUMN_TYPE: 400,
  CATALOG_NOT_FOUND: 404,
  DATABASE_NOT_FOUND: 404,
  TABLE_NOT_FOUND: 404,
  PARTITION_NOT_FOUND: 404,
  CATALOG_ALREADY_EXISTS: 409,
  DATABASE_ALREADY_EXISTS: 409,
  TABLE_ALREADY_EXISTS: 409,
  PARTITION_ALREADY_EXISTS: 409,
};
