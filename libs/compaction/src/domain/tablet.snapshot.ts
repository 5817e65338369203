import type { SnapshotPolicy } from '@engine/kernel/domain';
import type { TabletState } from './tablet.state';

/** Tablets live long (every load is an event), so their state is snapshotted; it is plain JSON. */
export const tabletSnapshotPolicy: SnapshotPolicy<TabletState> = {
  // 2: `running` became a list (separate base and cumulative locks).
  version: 2,
  every: 200,
  toSnapshot: (state) => state,
  fromSnapshot: (snapshot) => snapshot as TabletState,
};
