import { assertNever } from '@engine/kernel/domain';
import type { DetachedPartRecord, MergeTreeEvent, PartRecord } from './mergetree.events';
import type { MergeTreeState } from './mergetree.state';
import { parsePartName } from './part-name.value-object';

/** Folds one event into the state, in place (callers never reuse a state handed to evolve). */
export function evolveMergeTree(state: MergeTreeState, event: MergeTreeEvent): MergeTreeState {
  switch (event.type) {
    case 'TableCreated':
      state.table = event.data.table;
      state.definition = event.data.definition;
      return state;
    case 'PartAdded':
      addActive(state, event.data.part);
      return state;
    case 'PartsMerged':
      for (const name of event.data.sourceNames) removeActive(state, name);
      addActive(state, event.data.part);
      return state;
    case 'PartsDetached':
      for (const part of event.data.parts) {
        removeActive(state, part.name);
        addDetached(state, { name: event.data.detachedAs?.[part.name] ?? part.name, reason: '', part });
      }
      return state;
    case 'PartsAttached':
      for (const { detachedName, part } of event.data.parts) {
        removeDetached(state, detachedName);
        addActive(state, part);
      }
      return state;
    case 'PartsDropped':
      for (const name of event.data.names) removeActive(state, name);
      return state;
    case 'DetachedPartsDropped':
      for (const name of event.data.names) removeDetached(state, name);
      return state;
    case 'PartitionForgotten':
      state.knownPartitions.delete(event.data.partitionId);
      return state;
    case 'PartitionAttachedFrom':
      for (const { part } of event.data.parts) addActive(state, part);
      return state;
    case 'PartitionReplacedFrom':
      if (event.data.reservedBlock !== undefined)
        state.nextBlock = Math.max(state.nextBlock, event.data.reservedBlock + 1);
      for (const name of event.data.replacedNames) removeActive(state, name);
      for (const { part } of event.data.parts) addActive(state, part);
      return state;
    case 'PartitionMoveStarted': {
      const { moveId, destination, partitionId, parts } = event.data;
      for (const part of parts) removeActive(state, part.name);
      const pending = state.outgoingMoves.get(moveId);
      // One event per move; events stored by earlier versions may carry a move in several.
      if (pending) pending.parts.push(...parts);
      else state.outgoingMoves.set(moveId, { moveId, destination, partitionId, parts: [...parts] });
      return state;
    }
    case 'MovedPartsReceived': {
      let received = state.receivedMoves.get(event.data.moveId);
      if (!received) {
        received = new Set();
        state.receivedMoves.set(event.data.moveId, received);
      }
      for (const { sourceName, part } of event.data.parts) {
        received.add(sourceName);
        addActive(state, part);
      }
      return state;
    }
    case 'PartitionMoveCompleted':
      state.outgoingMoves.delete(event.data.moveId);
      return state;
    case 'PartitionMoveAborted':
      state.outgoingMoves.delete(event.data.moveId);
      for (const part of event.data.parts) addActive(state, part);
      return state;
    case 'PartitionFrozen': {
      const { backupName, increment, partNames, frozenAt } = event.data;
      state.freezeIncrement = Math.max(state.freezeIncrement, increment);
      let backup = state.backups.get(backupName);
      if (!backup) {
        backup = { name: backupName, increment, frozenAt, parts: new Map() };
        state.backups.set(backupName, backup);
      }
      for (const name of partNames) backup.parts.set(name, partitionIdOf(name));
      return state;
    }
    case 'PartitionUnfrozen': {
      const backup = state.backups.get(event.data.backupName);
      if (!backup) return state;
      for (const name of event.data.partNames) backup.parts.delete(name);
      if (event.data.partitionId === null || backup.parts.size === 0) state.backups.delete(backup.name);
      return state;
    }
    case 'PartsMutated':
      state.nextBlock = Math.max(state.nextBlock, event.data.version + 1);
      for (const { fromName, part } of event.data.parts) {
        removeActive(state, fromName);
        addActive(state, part);
      }
      return state;
    case 'PartsMovedToDisk':
      for (const name of event.data.names) {
        const partition = state.active.get(partitionIdOf(name));
        const part = partition?.get(name);
        if (partition && part) partition.set(name, { ...part, disk: event.data.disk });
      }
      return state;
    case 'PartsFetched':
      for (const detached of event.data.parts) addDetached(state, detached);
      return state;
    case 'DetachedPartRegistered':
      addDetached(state, event.data.detached);
      return state;
    default:
      return assertNever(event);
  }
}

export function partitionIdOf(partName: string): string {
  return parsePartName(partName)?.partitionId ?? partName.slice(0, partName.indexOf('_'));
}

function addActive(state: MergeTreeState, part: PartRecord): void {
  let partition = state.active.get(part.partitionId);
  if (!partition) {
    partition = new Map();
    state.active.set(part.partitionId, partition);
  }
  if (!partition.has(part.name)) state.activeCount++;
  partition.set(part.name, part);
  state.knownPartitions.add(part.partitionId);
  state.nextBlock = Math.max(state.nextBlock, part.maxBlock + 1, part.mutation + 1);
}

function removeActive(state: MergeTreeState, name: string): void {
  const partitionId = partitionIdOf(name);
  const partition = state.active.get(partitionId);
  if (!partition?.delete(name)) return;
  state.activeCount--;
  if (partition.size === 0) state.active.delete(partitionId);
}

function addDetached(state: MergeTreeState, detached: DetachedPartRecord): void {
  state.detached.set(detached.name, detached);
  const partitionId = detached.part.partitionId;
  let names = state.detachedByPartition.get(partitionId);
  if (!names) {
    names = new Set();
    state.detachedByPartition.set(partitionId, names);
  }
  names.add(detached.name);
  state.knownPartitions.add(partitionId);
  // Block numbers continue from the table's parts only: a `broken_...` directory in detached does
  // not move the counter (BEHAVIOUR.md §6).
}

function removeDetached(state: MergeTreeState, name: string): void {
  const detached = state.detached.get(name);
  if (!detached) return;
  state.detached.delete(name);
  const names = state.detachedByPartition.get(detached.part.partitionId);
  names?.delete(name);
  if (names?.size === 0) state.detachedByPartition.delete(detached.part.partitionId);
}
