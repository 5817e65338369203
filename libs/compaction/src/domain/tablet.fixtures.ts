import { DeciderSpecification } from '@engine/testing';
import type { RowsetSpec, TabletCommand } from './tablet.commands';
import { tabletDecider } from './tablet.decider';
import { isTabletError, type TabletErrorCode } from './tablet.errors';
import type { CompactionType, Rowset, TabletEvent } from './tablet.events';
import { rowsetIdFor } from './tablet.state';

/** Test data builders shared by the domain specs (no production code imports this file). */
export const NOW = '2026-01-01T00:00:00.000Z';
export const LATER = '2026-01-01T00:10:00.000Z';

export function specs(...ranges: [number, number][]): RowsetSpec[] {
  return ranges.map(([startVersion, endVersion]) => ({ startVersion, endVersion, size: 1000, segments: 1 }));
}

export function rowsetsOf(...ranges: [number, number][]): Rowset[] {
  return specs(...ranges).map((spec, index) => ({ rowsetId: rowsetIdFor(index + 1), ...spec }));
}

export function registeredEvent(cumulativePoint: number, ...ranges: [number, number][]): TabletEvent {
  return {
    type: 'TabletRegistered',
    data: {
      tabletId: 10015,
      tableId: 7,
      schemaHash: 700967178,
      rowsets: rowsetsOf(...ranges),
      cumulativePoint,
      registeredAt: NOW,
    },
  };
}

export function triggeredEvent(
  compactionType: CompactionType,
  inputRowsetIds: string[],
  compactionId = 'c1',
): TabletEvent {
  return {
    type: 'CompactionTriggered',
    data: { tabletId: 10015, compactionId, compactionType, inputRowsetIds, triggeredAt: NOW },
  };
}

export const tabletSpec = DeciderSpecification.for(tabletDecider);
export const given = (events: TabletEvent[]) => tabletSpec.given(events);
export const refusedWith = (code: TabletErrorCode) => (error: Error) => isTabletError(error, code);

export const tabletId = 10015;
export const trigger = (compactionType: CompactionType, compactionId = 'c1'): TabletCommand => ({
  type: 'TriggerCompaction',
  tabletId,
  compactionId,
  compactionType,
  now: NOW,
});
/** Five rowsets [0-5] [6] [7] [8] [9], cumulative point 8. */
export const fiveRowsets = registeredEvent(8, [0, 5], [6, 6], [7, 7], [8, 8], [9, 9]);
export const ids = (...seqs: number[]) => seqs.map(rowsetIdFor);
