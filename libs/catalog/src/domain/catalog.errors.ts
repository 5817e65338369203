import { DomainError } from '@engine/kernel/domain';

/** Stable codes of the catalog family; the http layer maps each to its dialect's status and body. */
export type CatalogErrorCode =
  | 'INVALID_PARAMETER'
  | 'CATALOG_NOT_FOUND'
  | 'DATABASE_NOT_FOUND'
  | 'TABLE_NOT_FOUND'
  | 'PARTITION_NOT_FOUND'
  | 'CATALOG_ALREADY_EXISTS'
  | 'DATABASE_ALREADY_EXISTS'
  | 'TABLE_ALREADY_EXISTS'
  | 'PARTITION_ALREADY_EXISTS'
  | 'BATCH_TOO_LARGE'
  | 'TABLE_NOT_PARTITIONED'
  | 'PARTITION_VALUES_MISMATCH'
  | 'INVALID_COLUMN_TYPE';

export class CatalogError extends DomainError<CatalogErrorCode> {}

export function invalidParameter(field: string, rule: string): CatalogError {
  return new CatalogError('INVALID_PARAMETER', `Invalid ${field}: ${rule}.`, { field });
}
