import type { Decider } from '@engine/kernel/domain';
import { assertNever } from '@engine/kernel/domain';
import {
  decideAbortPartitionMove,
  decideAttachPartitionFrom,
  decideCompletePartitionMove,
  decideFetchPart,
  decideFetchPartition,
  decideMovePartitionToTable,
  decideReceiveMovedParts,
  decideReplacePartitionFrom,
} from './copy.decider';
import {
  decideAttachPart,
  decideAttachPartition,
  decideDetachPart,
  decideDetachPartition,
} from './detach-attach.decider';
import {
  decideDropDetachedPart,
  decideDropDetachedPartition,
  decideDropPart,
  decideDropPartition,
  decideForgetPartition,
} from './drop.decider';
import { decideFreezePartition, decideUnfreezePartition } from './freeze.decider';
import type { MergeTreeCommand } from './mergetree.commands';
import type { MergeTreeEvent } from './mergetree.events';
import { evolveMergeTree } from './mergetree.evolve';
import type { MergeTreeState } from './mergetree.state';
import { initialMergeTreeState } from './mergetree.state';
import {
  decideClearColumn,
  decideClearIndex,
  decideDelete,
  decideMovePartToDisk,
  decideMovePartitionToDisk,
  decideUpdate,
} from './mutation.decider';
import {
  decideAddPart,
  decideCreateTable,
  decideMergeParts,
  decideRegisterDetachedPart,
} from './table.decider';

/** The aggregate is one MergeTree table (stream `mergetree-<tenant>/<db>.<table>`). */
export function decideMergeTree(command: MergeTreeCommand, state: MergeTreeState): MergeTreeEvent[] {
  switch (command.type) {
    case 'CreateTable':
      return decideCreateTable(command, state);
    case 'AddPart':
      return decideAddPart(command, state);
    case 'MergeParts':
      return decideMergeParts(command, state);
    case 'DetachPartition':
      return decideDetachPartition(command, state);
    case 'DetachPart':
      return decideDetachPart(command, state);
    case 'AttachPartition':
      return decideAttachPartition(command, state);
    case 'AttachPart':
      return decideAttachPart(command, state);
    case 'DropPartition':
      return decideDropPartition(command, state);
    case 'DropPart':
      return decideDropPart(command, state);
    case 'DropDetachedPartition':
      return decideDropDetachedPartition(command, state);
    case 'DropDetachedPart':
      return decideDropDetachedPart(command, state);
    case 'ForgetPartition':
      return decideForgetPartition(command, state);
    case 'AttachPartitionFrom':
      return decideAttachPartitionFrom(command, state);
    case 'ReplacePartitionFrom':
      return decideReplacePartitionFrom(command, state);
    case 'MovePartitionToTable':
      return decideMovePartitionToTable(command, state);
    case 'ReceiveMovedParts':
      return decideReceiveMovedParts(command, state);
    case 'CompletePartitionMove':
      return decideCompletePartitionMove(command, state);
    case 'AbortPartitionMove':
      return decideAbortPartitionMove(command, state);
    case 'FreezePartition':
      return decideFreezePartition(command, state);
    case 'UnfreezePartition':
      return decideUnfreezePartition(command, state);
    case 'ClearColumnInPartition':
      return decideClearColumn(command, state);
    case 'ClearIndexInPartition':
      return decideClearIndex(command, state);
    case 'UpdateInPartition':
      return decideUpdate(command, state);
    case 'DeleteInPartition':
      return decideDelete(command, state);
    case 'MovePartitionToDisk':
      return decideMovePartitionToDisk(command, state);
    case 'MovePartToDisk':
      return decideMovePartToDisk(command, state);
    case 'FetchPartition':
      return decideFetchPartition(command, state);
    case 'FetchPart':
      return decideFetchPart(command, state);
    case 'RegisterDetachedPart':
      return decideRegisterDetachedPart(command, state);
    default:
      return assertNever(command);
  }
}

export const mergeTreeDecider: Decider<MergeTreeState, MergeTreeCommand, MergeTreeEvent> = {
  initialState: initialMergeTreeState,
  decide: decideMergeTree,
  evolve: evolveMergeTree,
};
