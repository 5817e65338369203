import { assertNever } from '@engine/kernel/domain';
import type { TabletEvent } from './tablet.events';
import { byStartVersion, type RegisteredTablet, type TabletState } from './tablet.state';

function onTablet(
  state: TabletState,
  event: TabletEvent,
  change: (tablet: RegisteredTablet) => RegisteredTablet,
) {
  if (state.status === 'absent') throw new Error(`${event.type} before TabletRegistered`);
  return change(state);
}

export function evolveTablet(state: TabletState, event: TabletEvent): TabletState {
  switch (event.type) {
    case 'TabletRegistered': {
      const { tabletId, tableId, schemaHash, rowsets, cumulativePoint } = event.data;
      return {
        status: 'registered',
        tabletId,
        tableId,
        schemaHash,
        rowsets,
        cumulativePoint,
        running: [],
        nextRowsetSeq: rowsets.length + 1,
      };
    }
    case 'RowsetAdded':
      return onTablet(state, event, (t) => ({
        ...t,
        rowsets: [...t.rowsets, event.data.rowset],
        nextRowsetSeq: t.nextRowsetSeq + 1,
      }));
    case 'CompactionTriggered': {
      const { compactionId, compactionType, inputRowsetIds, triggeredAt } = event.data;
      return onTablet(state, event, (t) => ({
        ...t,
        running: [...t.running, { compactionId, compactionType, inputRowsetIds, triggeredAt }],
      }));
    }
    case 'CompactionStarted':
      return onTablet(state, event, (t) => ({
        ...t,
        running: t.running.map((r) =>
          r.compactionId === event.data.compactionId ? { ...r, startedAt: event.data.startedAt } : r,
        ),
      }));
    case 'CompactionCompleted': {
      const { inputRowsetIds, output, cumulativePoint } = event.data;
      const merged = new Set(inputRowsetIds);
      return onTablet(state, event, (t) => ({
        ...t,
        rowsets: [...t.rowsets.filter((r) => !merged.has(r.rowsetId)), output].sort(byStartVersion),
        cumulativePoint,
        running: t.running.filter((r) => r.compactionId !== event.data.compactionId),
        nextRowsetSeq: t.nextRowsetSeq + 1,
      }));
    }
    case 'CompactionFailed':
      return onTablet(state, event, (t) => ({
        ...t,
        running: t.running.filter((r) => r.compactionId !== event.data.compactionId),
      }));
    default:
      return assertNever(event);
  }
}
