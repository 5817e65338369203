import type { DetachedPartRecord, PartRecord } from './mergetree.events';
import type { TableDefinition, TableRef } from './table-definition.value-object';

export interface Backup {
  readonly name: string;
  readonly increment: number;
  readonly frozenAt: string;
  /** Part name -> partition ID. */
  readonly parts: Map<string, string>;
}

export interface OutgoingMove {
  readonly moveId: string;
  readonly destination: TableRef;
  readonly partitionId: string;
  readonly parts: PartRecord[];
}

/**
 * One table's lifecycle state. Indexed by partition ID because every ALTER names a partition,
 * and tables hold 100,000 parts. evolve updates it in place (the kernel allows it).
 */
export interface MergeTreeState {
  table?: TableRef;
  definition?: TableDefinition;
  /** The next block number to hand out; ClickHouse starts at 1. */
  nextBlock: number;
  /** Partition ID -> (part name -> part). */
  active: Map<string, Map<string, PartRecord>>;
  activeCount: number;
  /** Detached directory name -> record. */
  detached: Map<string, DetachedPartRecord>;
  /** Partition ID -> names in `detached`. */
  detachedByPartition: Map<string, Set<string>>;
  /** Partitions that ever had a part and were not forgotten (FORGET PARTITION needs them). */
  knownPartitions: Set<string>;
  freezeIncrement: number;
  backups: Map<string, Backup>;
  outgoingMoves: Map<string, OutgoingMove>;
  /** moveId -> names (in the source) of the parts already received. */
  receivedMoves: Map<string, Set<string>>;
}

export function initialMergeTreeState(): MergeTreeState {
  return {
    nextBlock: 1,
    active: new Map(),
    activeCount: 0,
    detached: new Map(),
    detachedByPartition: new Map(),
    knownPartitions: new Set(),
    freezeIncrement: 0,
    backups: new Map(),
    outgoingMoves: new Map(),
    receivedMoves: new Map(),
  };
}

export function activePartsOf(state: MergeTreeState, partitionId: string): PartRecord[] {
  return [...(state.active.get(partitionId)?.values() ?? [])];
}

export function allActiveParts(state: MergeTreeState): PartRecord[] {
  const parts: PartRecord[] = [];
  for (const partition of state.active.values()) for (const part of partition.values()) parts.push(part);
  return parts;
}

export function findActivePart(
  state: MergeTreeState,
  name: string,
  partitionId: string,
): PartRecord | undefined {
  return state.active.get(partitionId)?.get(name);
}

export function detachedOf(state: MergeTreeState, partitionId: string): DetachedPartRecord[] {
  const names = state.detachedByPartition.get(partitionId) ?? new Set<string>();
  return [...names].map((n) => state.detached.get(n)).filter((d): d is DetachedPartRecord => d !== undefined);
}
