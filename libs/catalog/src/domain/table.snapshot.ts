import { SnapshotPolicy } from '@engine/kernel/domain';
import { TableInfo } from './table.events';
import { TableState } from './table.decider';

interface TableSnapshot {
  table?: TableInfo;
  partitions: [string, string][];
}

/** Large tables load from a snapshot plus the stream tail instead of replaying every batch. */
export const tableSnapshotPolicy: SnapshotPolicy<TableState> = {
  version: 1,
  every: 200,
  toSnapshot: (state): TableSnapshot => ({ table: state.table, partitions: [...state.partitions] }),
  fromSnapshot: (snapshot) => {
    const { table, partitions } = snapshot as TableSnapshot;
    return { table, partitions: new Map(partitions) };
  },
};
