import type { SnapshotPolicy } from '@engine/kernel/domain';
import type { DetachedPartRecord, PartRecord } from './mergetree.events';
import type { MergeTreeState, OutgoingMove } from './mergetree.state';
import type { TableDefinition, TableRef } from './table-definition.value-object';

interface MergeTreeSnapshot {
  table?: TableRef;
  definition?: TableDefinition;
  nextBlock: number;
  active: PartRecord[];
  detached: DetachedPartRecord[];
  knownPartitions: string[];
  freezeIncrement: number;
  backups: { name: string; increment: number; frozenAt: string; parts: [string, string][] }[];
  outgoingMoves: OutgoingMove[];
  receivedMoves: [string, string[]][];
}

/** Tables with 100,000 parts replay from a snapshot plus the tail, not from the first event. */
export const mergeTreeSnapshotPolicy: SnapshotPolicy<MergeTreeState> = {
  version: 1,
  every: 2000,
  toSnapshot(state): MergeTreeSnapshot {
    return {
      table: state.table,
      definition: state.definition,
      nextBlock: state.nextBlock,
      active: [...state.active.values()].flatMap((partition) => [...partition.values()]),
      detached: [...state.detached.values()],
      knownPartitions: [...state.knownPartitions],
      freezeIncrement: state.freezeIncrement,
      backups: [...state.backups.values()].map((b) => ({ ...b, parts: [...b.parts] })),
      outgoingMoves: [...state.outgoingMoves.values()],
      receivedMoves: [...state.receivedMoves].map(([moveId, names]) => [moveId, [...names]]),
    };
  },
  fromSnapshot(json): MergeTreeState {
    const snapshot = json as MergeTreeSnapshot;
    const active = new Map<string, Map<string, PartRecord>>();
    for (const part of snapshot.active) {
      const partition = active.get(part.partitionId) ?? new Map<string, PartRecord>();
      partition.set(part.name, part);
      active.set(part.partitionId, partition);
    }
    const detachedByPartition = new Map<string, Set<string>>();
    for (const d of snapshot.detached) {
      const names = detachedByPartition.get(d.part.partitionId) ?? new Set<string>();
      names.add(d.name);
      detachedByPartition.set(d.part.partitionId, names);
    }
    return {
      table: snapshot.table,
      definition: snapshot.definition,
      nextBlock: snapshot.nextBlock,
      active,
      activeCount: snapshot.active.length,
      detached: new Map(snapshot.detached.map((d) => [d.name, d])),
      detachedByPartition,
      knownPartitions: new Set(snapshot.knownPartitions),
      freezeIncrement: snapshot.freezeIncrement,
      backups: new Map(snapshot.backups.map((b) => [b.name, { ...b, parts: new Map(b.parts) }])),
      outgoingMoves: new Map(snapshot.outgoingMoves.map((m) => [m.moveId, m])),
      receivedMoves: new Map(snapshot.receivedMoves.map(([moveId, names]) => [moveId, new Set(names)])),
    };
  },
};
