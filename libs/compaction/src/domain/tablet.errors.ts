import { DomainError } from '@engine/kernel/domain';

/** Stable codes of the compaction family; each http dialect maps them to its own shape. */
export type TabletErrorCode =
  | 'TABLET_NOT_FOUND'
  | 'TABLET_ALREADY_EXISTS'
  | 'INVALID_ROWSETS'
  | 'INVALID_CUMULATIVE_POINT'
  | 'NO_CUMULATIVE_CANDIDATES'
  | 'NO_BASE_CANDIDATES'
  | 'NO_FULL_CANDIDATES'
  | 'VERSIONS_NOT_CONTIGUOUS'
  | 'COMPACTION_ALREADY_RUNNING'
  | 'COMPACTION_NOT_RUNNING'
  | 'COMPACTION_ALREADY_STARTED'
  | 'COMPACTION_NOT_EXPIRED';

export class TabletError extends DomainError<TabletErrorCode> {}

export function isTabletError(error: unknown, code?: TabletErrorCode): error is TabletError {
  return error instanceof TabletError && (code === undefined || error.code === code);
}
