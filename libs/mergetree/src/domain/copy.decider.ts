import type {
  AbortPartitionMove,
  AttachPartitionFrom,
  CompletePartitionMove,
  FetchPart,
  FetchPartition,
  MovePartitionToTable,
  ReceiveMovedParts,
  ReplacePartitionFrom,
} from './mergetree.commands';
import { mergeTreeError } from './mergetree.errors';
import type {
  CopiedPart,
  MovedPartsReceived,
  PartitionAttachedFrom,
  PartitionMoveAborted,
  PartitionMoveCompleted,
  PartitionMoveStarted,
  PartitionReplacedFrom,
  PartRecord,
  PartsFetched,
} from './mergetree.events';
import {
  byBlocks,
  renumberedPart,
  partitionIdOfSelector,
  partitionIdsOfSelector,
  requireCompatible,
  requireTable,
  type ExistingTable,
} from './mergetree.rules';
import type { MergeTreeState } from './mergetree.state';
import { activePartsOf } from './mergetree.state';
import { engineFamily, tableLabel } from './table-definition.value-object';

/** Operations that take parts from another table: ATTACH/REPLACE PARTITION FROM, MOVE PARTITION TO TABLE, FETCH. */

function copies(parts: readonly PartRecord[], firstBlock: number, now: string): CopiedPart[] {
  return [...parts].sort(byBlocks).map((part, i) => ({
    sourceName: part.name,
    part: renumberedPart({ ...part, modifiedAt: now }, firstBlock + i),
  }));
}

function sourcePartsIn(parts: readonly PartRecord[], partitionIds: readonly string[]): PartRecord[] {
  const wanted = new Set(partitionIds);
  return parts.filter((p) => wanted.has(p.partitionId));
}

export function decideAttachPartitionFrom(
  command: AttachPartitionFrom,
  state: MergeTreeState,
): PartitionAttachedFrom[] {
  const destination = requireTable(state, command.table);
  requireCompatible(destination, command.source);
  const sourcePartitions = new Set(command.source.activeParts.map((p) => p.partitionId));
  const partitionIds = partitionIdsOfSelector(destination.definition, command.partition, sourcePartitions);
  const copied = copies(
    sourcePartsIn(command.source.activeParts, partitionIds),
    state.nextBlock,
    command.now,
  );
  if (copied.length === 0) return [];
  return [{ type: 'PartitionAttachedFrom', data: { source: command.source.table, parts: copied } }];
}

/** Atomic in ClickHouse: one decision, so the pipeline appends it as one change. */
export function decideReplacePartitionFrom(
  command: ReplacePartitionFrom,
  state: MergeTreeState,
): PartitionReplacedFrom[] {
  const destination = requireTable(state, command.table);
  requireCompatible(destination, command.source);
  const partitionId = partitionIdOfSelector(destination.definition, command.partition);
  const replacedNames = activePartsOf(state, partitionId)
    .sort(byBlocks)
    .map((p) => p.name);
  // REPLACE takes one block number for the range it drops before numbering the copies, which
  // leaves a hole (StorageMergeTree::replacePartitionFrom; BEHAVIOUR.md §6).
  const copied = copies(
    sourcePartsIn(command.source.activeParts, [partitionId]),
    state.nextBlock + 1,
    command.now,
  );
  // Even a REPLACE that drops and copies nothing takes its block number (seen on a real server).
  const reservedBlock = state.nextBlock;
  return [
    {
      type: 'PartitionReplacedFrom',
      data: { source: command.source.table, partitionId, replacedNames, parts: copied, reservedBlock },
    },
  ];
}

/**
 * MOVE PARTITION TO TABLE, step 1 of 3 (source stream). The parts leave the active set and wait
 * in `outgoingMoves` until the destination has recorded them (step 2) and the source closes the
 * move (step 3). A crash anywhere leaves the move open, and completing it again is harmless,
 * so no part is lost or duplicated.
 */
export function decideMovePartitionToTable(
  command: MovePartitionToTable,
  state: MergeTreeState,
): PartitionMoveStarted[] {
  const source = requireTable(state, command.table);
  const { destination } = command;
  if (tableLabel(destination.table) === tableLabel(source.table)) {
    throw mergeTreeError('BAD_ARGUMENTS', 'Cannot move partition to the same table');
  }
  if (!destination.definition)
    throw mergeTreeError('UNKNOWN_TABLE', `Table ${tableLabel(destination.table)} does not exist`);
  requireCompatible({ table: destination.table, definition: destination.definition }, source, {
    sameEngineFamily: true,
  });
  const partitionId = partitionIdOfSelector(source.definition, command.partition);
  if (state.outgoingMoves.has(command.moveId)) return [];
  const parts = activePartsOf(state, partitionId).sort(byBlocks);
  if (parts.length === 0) return [];
  return [
    {
      type: 'PartitionMoveStarted',
      data: { moveId: command.moveId, destination: destination.table, partitionId, parts },
    },
  ];
}

/** Step 2 (destination stream): only parts of this move not received yet, so a redelivery adds nothing. */
export function decideReceiveMovedParts(
  command: ReceiveMovedParts,
  state: MergeTreeState,
): MovedPartsReceived[] {
  const destination = requireTable(state, command.table);
  requireCompatible(
    destination,
    { table: command.source.table, definition: command.source.definition },
    { sameEngineFamily: true },
  );
  const received = state.receivedMoves.get(command.moveId);
  const pending = command.parts.filter((p) => !received?.has(p.name));
  if (pending.length === 0) return [];
  const copied = copies(pending, state.nextBlock, command.now);
  return [
    {
      type: 'MovedPartsReceived',
      data: { moveId: command.moveId, source: command.source.table, parts: copied },
    },
  ];
}

/** Step 3 (source stream). */
export function decideCompletePartitionMove(
  command: CompletePartitionMove,
  state: MergeTreeState,
): PartitionMoveCompleted[] {
  return state.outgoingMoves.has(command.moveId)
    ? [{ type: 'PartitionMoveCompleted', data: { moveId: command.moveId } }]
    : [];
}

/** Instead of step 3 when the destination refused the parts: they return to the source. */
export function decideAbortPartitionMove(
  command: AbortPartitionMove,
  state: MergeTreeState,
): PartitionMoveAborted[] {
  const move = state.outgoingMoves.get(command.moveId);
  if (!move) return [];
  return [
    {
      type: 'PartitionMoveAborted',
      data: { moveId: command.moveId, reason: command.reason, parts: move.parts },
    },
  ];
}

/** FETCH copies the source's parts into this table's detached directory under their own names. */
export function decideFetchPartition(command: FetchPartition, state: MergeTreeState): PartsFetched[] {
  const destination = requireTable(state, command.table);
  requireReplicated(destination);
  requireCompatible(destination, command.source, { structureOnly: true });
  const partitionId = partitionIdOfSelector(destination.definition, command.partition);
  const parts = sourcePartsIn(command.source.activeParts, [partitionId]).sort(byBlocks);
  if (parts.length === 0) {
    throw mergeTreeError('NO_SUCH_DATA_PART', `Partition ${partitionId} does not exist in ${command.from}`);
  }
  return fetched(parts, command.from, state);
}

export function decideFetchPart(command: FetchPart, state: MergeTreeState): PartsFetched[] {
  const destination = requireTable(state, command.table);
  requireReplicated(destination);
  requireCompatible(destination, command.source, { structureOnly: true });
  const part = command.source.activeParts.find((p) => p.name === command.name);
  if (!part) throw mergeTreeError('NO_SUCH_DATA_PART', `No part ${command.name} in ${command.from}`);
  return fetched([part], command.from, state);
}

function fetched(parts: PartRecord[], from: string, state: MergeTreeState): PartsFetched[] {
  for (const part of parts) {
    if (state.detached.has(part.name))
      throw mergeTreeError('DUPLICATE_DATA_PART', `Detached part ${part.name} already exists`);
  }
  return [
    {
      type: 'PartsFetched',
      data: { from, parts: parts.map((part) => ({ name: part.name, reason: '', part })) },
    },
  ];
}

/** FETCH needs a replica to fetch from: a plain MergeTree refuses it with 48 (BEHAVIOUR.md §6). */
function requireReplicated(table: ExistingTable): void {
  if (engineFamily(table.definition.engine) !== 'replicated') {
    throw mergeTreeError(
      'NOT_IMPLEMENTED',
      `Partition operations are not supported by storage ${table.definition.engine}`,
    );
  }
}
