import type { FreezePartition, UnfreezePartition } from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type { PartitionFrozen, PartitionUnfrozen } from './mergetree.events';
import { byBlocks, partitionIdOfSelector, requireTable } from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { activePartsOf, allActiveParts } from './mergetree.state';
import { partitionIdOf } from './mergetree.evolve';
import { isUnsafeFileName } from './part-name.value-object';

/**
 * FREEZE records a backup (shadow/N or shadow/<name>) of the matching active parts; each FREEZE
 * takes the server's next increment (one counter for every table), starting at 1, named or not.
 */
export function decideFreezePartition(command: FreezePartition, state: MergeTreeState): PartitionFrozen[] {
  const { definition } = requireTable(state, command.table);
  const partitionId = command.partition ? partitionIdOfSelector(definition, command.partition) : null;
  const increment = Math.max(state.freezeIncrement, command.serverIncrement ?? 0) + 1;
  const backupName = command.withName ?? String(increment);
  if (isUnsafeFileName(backupName))
    throw mergeTreeError('INCORRECT_FILE_NAME', `Invalid backup name '${backupName}'`);
  // The shadow directory exists already: 84 DIRECTORY_ALREADY_EXISTS in current ClickHouse
  // (BEHAVIOUR.md §6; 18.16 merged into it).
  if (state.backups.has(backupName))
    throw mergeTreeError('DIRECTORY_ALREADY_EXISTS', `Directory shadow/${backupName} already exists`);
  const parts = (partitionId === null ? allActiveParts(state) : activePartsOf(state, partitionId)).sort(
    byBlocks,
  );
  const partNames = parts.map((p) => p.name);
  return [
    {
      type: 'PartitionFrozen',
      data: { backupName, increment, partitionId, partNames, frozenAt: command.now },
    },
  ];
}

/** UNFREEZE of a backup that does not exist changes nothing and is not an error (as in ClickHouse). */
export function decideUnfreezePartition(
  command: UnfreezePartition,
  state: MergeTreeState,
): PartitionUnfrozen[] {
  const { definition } = requireTable(state, command.table);
  const backup = state.backups.get(command.withName);
  if (!backup) return [];
  const partitionId = command.partition ? partitionIdOfSelector(definition, command.partition) : null;
  const partNames = [...backup.parts.keys()]
    .filter((name) => partitionId === null || partitionIdOf(name) === partitionId)
    .sort();
  if (partitionId !== null && partNames.length === 0) return [];
  return [{ type: 'PartitionUnfrozen', data: { backupName: backup.name, partitionId, partNames } }];
}
