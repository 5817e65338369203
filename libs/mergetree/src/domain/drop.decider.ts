import type {
  DropDetachedPart,
  DropDetachedPartition,
  DropPart,
  DropPartition,
  ForgetPartition,
} from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type { DetachedPartsDropped, PartitionForgotten, PartsDropped } from './mergetree.events';
import { requireActivePart, requireDetachedPart } from './detach-attach.decider';
import { byBlocks, partitionIdOfSelector, partitionIdsOfSelector, requireTable } from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { activePartsOf, detachedOf } from './mergetree.state';

/** DROP (active parts), DROP DETACHED (guarded by allow_drop_detached) and FORGET PARTITION. */

/** Detached parts ClickHouse is busy with; DROP DETACHED leaves them alone. */
const IN_FLIGHT_REASONS = new Set(['attaching', 'deleting']);

export function decideDropPartition(command: DropPartition, state: MergeTreeState): PartsDropped[] {
  const { definition } = requireTable(state, command.table);
  const names = partitionIdsOfSelector(definition, command.partition, state.active.keys()).flatMap((id) =>
    activePartsOf(state, id)
      .sort(byBlocks)
      .map((p) => p.name),
  );
  return dropped(names);
}

export function decideDropPart(command: DropPart, state: MergeTreeState): PartsDropped[] {
  requireTable(state, command.table);
  return dropped([requireActivePart(state, command.name).name]);
}

function dropped(names: string[]): PartsDropped[] {
  return names.length === 0 ? [] : [{ type: 'PartsDropped', data: { names } }];
}

function requireDropDetachedAllowed(allowed: boolean): void {
  if (!allowed) {
    throw mergeTreeError(
      'SUPPORT_IS_DISABLED',
      'Cannot execute query: DROP DETACHED PART is disabled (see allow_drop_detached setting)',
    );
  }
}

export function decideDropDetachedPartition(
  command: DropDetachedPartition,
  state: MergeTreeState,
): DetachedPartsDropped[] {
  const { definition } = requireTable(state, command.table);
  requireDropDetachedAllowed(command.allowDropDetached);
  const names = partitionIdsOfSelector(
    definition,
    command.partition,
    state.detachedByPartition.keys(),
  ).flatMap((id) =>
    detachedOf(state, id)
      .filter((d) => !IN_FLIGHT_REASONS.has(d.reason))
      .map((d) => d.name)
      .sort(),
  );
  return droppedDetached(names);
}

export function decideDropDetachedPart(
  command: DropDetachedPart,
  state: MergeTreeState,
): DetachedPartsDropped[] {
  requireTable(state, command.table);
  requireDropDetachedAllowed(command.allowDropDetached);
  const detached = requireDetachedPart(state, command.name);
  if (IN_FLIGHT_REASONS.has(detached.reason)) {
    throw mergeTreeError(
      'BAD_DATA_PART_NAME',
      `Cannot drop part ${command.name}: it is being ${detached.reason === 'attaching' ? 'attached' : 'deleted'}`,
    );
  }
  return droppedDetached([detached.name]);
}

function droppedDetached(names: string[]): DetachedPartsDropped[] {
  return names.length === 0 ? [] : [{ type: 'DetachedPartsDropped', data: { names } }];
}

export function decideForgetPartition(command: ForgetPartition, state: MergeTreeState): PartitionForgotten[] {
  const { definition } = requireTable(state, command.table);
  const partitionId = partitionIdOfSelector(definition, command.partition);
  if (state.active.has(partitionId)) {
    throw mergeTreeError(
      'CANNOT_FORGET_PARTITION',
      `Partition ${partitionId} is not empty: it has active parts`,
    );
  }
  if (!state.knownPartitions.has(partitionId)) {
    throw mergeTreeError('CANNOT_FORGET_PARTITION', `Partition ${partitionId} is unknown`);
  }
  return [{ type: 'PartitionForgotten', data: { partitionId } }];
}
