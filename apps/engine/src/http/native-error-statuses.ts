import { CATALOG_NATIVE_ERROR_STATUSES } from '@engine/catalog/http/native-error-statuses';
import { COMPACTION_NATIVE_ERROR_STATUSES } from '@engine/compaction/http/native-error-statuses';
import { mergeNativeErrorStatuses } from '@engine/kernel';
import { MATERIALIZATION_NATIVE_ERROR_STATUSES } from '@engine/materialization/http/native-error-statuses';
import { MERGETREE_NATIVE_ERROR_STATUSES } from '@engine/mergetree/http/native-error-statuses';
import { RESTORE_NATIVE_ERROR_STATUSES } from '@engine/restore/http/native-error-statuses';
import { SEGMENTS_NATIVE_ERROR_STATUSES } from '@engine/segments/http/native-error-statuses';

/**
 * The status of every domain error on the native API. Each family's table is a
 * `Record<ItsErrorCode, number>` (a new code without a status fails typecheck); a code two
 * families share must agree (mergeNativeErrorStatuses throws at start otherwise).
 */
export const NATIVE_ERROR_STATUSES = mergeNativeErrorStatuses(
  SEGMENTS_NATIVE_ERROR_STATUSES,
  MERGETREE_NATIVE_ERROR_STATUSES,
  CATALOG_NATIVE_ERROR_STATUSES,
  COMPACTION_NATIVE_ERROR_STATUSES,
  MATERIALIZATION_NATIVE_ERROR_STATUSES,
  RESTORE_NATIVE_ERROR_STATUSES,
);
