import type { EngineFamily } from '@engine/audit';
import { CATALOG_FAMILY } from '@engine/catalog';
import { COMPACTION_FAMILY } from '@engine/compaction';
import { EngineSlice, mergeNativeErrorStatuses } from '@engine/kernel';
import { MATERIALIZATION_FAMILY } from '@engine/materialization';
import { MERGETREE_FAMILY } from '@engine/mergetree';
import { RESTORE_SLICE } from '@engine/restore';
import { SEGMENTS_FAMILY } from '@engine/segments';

/**
 * Every lifecycle family the engine serves, listed once: each is one vertical slice under libs/
 * and exports one descriptor (its module, event contract and native error statuses). The app's
 * modules, audit registrations and error table are all derived from this list.
 */
export const FAMILIES: readonly EngineFamily[] = [
  SEGMENTS_FAMILY,
  MERGETREE_FAMILY,
  CATALOG_FAMILY,
  COMPACTION_FAMILY,
  MATERIALIZATION_FAMILY,
];

/**
 * Slices that work across the families rather than being one: restore records no events of its
 * own (it re-applies a family's through that family's decider), so it has a module and an error
 * table but no contract for audit. Kept apart so a lifecycle family cannot forget its contract.
 */
export const CROSS_FAMILY_SLICES: readonly EngineSlice[] = [RESTORE_SLICE];

/**
 * The status of every domain error on the native API. Each table is a
 * `Record<ItsErrorCode, number>` (a new code without a status fails typecheck); a code two
 * slices share must agree (mergeNativeErrorStatuses throws at start otherwise).
 */
export const NATIVE_ERROR_STATUSES = mergeNativeErrorStatuses(
  ...[...FAMILIES, ...CROSS_FAMILY_SLICES].map((slice) => slice.nativeErrorStatuses),
);
