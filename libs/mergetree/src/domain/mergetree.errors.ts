import { DomainError } from '@engine/kernel/domain';

/** The rules a MergeTree command can break; names follow ClickHouse's error names. */
export type MergeTreeErrorCode =
  | 'UNKNOWN_TABLE'
  | 'TABLE_ALREADY_EXISTS'
  | 'NO_SUCH_DATA_PART'
  | 'BAD_DATA_PART_NAME'
  | 'DUPLICATE_DATA_PART'
  | 'INCORRECT_FILE_NAME'
  | 'INVALID_PARTITION_VALUE'
  | 'SUPPORT_IS_DISABLED'
  | 'CANNOT_FORGET_PARTITION'
  | 'INCOMPATIBLE_COLUMNS'
  | 'BAD_ARGUMENTS'
  | 'NO_SUCH_COLUMN_IN_TABLE'
  | 'UNKNOWN_IDENTIFIER'
  | 'UNKNOWN_POLICY'
  | 'UNKNOWN_DISK'
  | 'CANNOT_UPDATE_COLUMN'
  | 'TYPE_MISMATCH'
  | 'UNKNOWN_DATABASE'
  | 'NOT_FOUND_COLUMN_IN_BLOCK'
  | 'NOT_IMPLEMENTED'
  | 'DIRECTORY_ALREADY_EXISTS'
  | 'ILLEGAL_TYPE_OF_ARGUMENT'
  | 'UNKNOWN_FUNCTION';

export type MergeTreeError = DomainError<MergeTreeErrorCode>;

export function mergeTreeError(
  code: MergeTreeErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): MergeTreeError {
  return new DomainError(code, message, details);
}
