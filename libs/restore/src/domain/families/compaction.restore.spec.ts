import { TabletCommand } from '@engine/compaction/domain';
import { planRestore } from '../restore.planner';
import { compactionRestore } from './compaction.restore';
import { commandTypes, history, reasons } from './restore.fixtures';

const NOW = '2026-01-01T00:00:00.000Z';
const register: TabletCommand = {
  type: 'RegisterTablet',
  tabletId: 7,
  tableId: 1,
  schemaHash: 1,
  cumulativePoint: 2,
  rowsets: [
    { startVersion: 0, endVersion: 1, size: 100, segments: 1 },
    { startVersion: 2, endVersion: 2, size: 10, segments: 1 },
    { startVersion: 3, endVersion: 3, size: 10, segments: 1 },
  ],
  now: NOW,
};
const trigger: TabletCommand = {
  type: 'TriggerCompaction',
  tabletId: 7,
  compactionId: 'c1',
  compactionType: 'cumulative',
  now: NOW,
};
const complete: TabletCommand = {
  type: 'CompleteCompaction',
  tabletId: 7,
  compactionId: 'c1',
  promotionSize: 1,
  now: NOW,
};
const plan = (before: TabletCommand[], since: TabletCommand[]) => {
  const asOf = history(compactionRestore, before).state;
  const current = history(compactionRestore, [...before, ...since]).state;
  return planRestore(compactionRestore, { asOf, current, id: '7', now: NOW });
};

describe('Doris restore', () => {
  it('given a compaction triggered since the point, then it is failed', () => {
    const p = plan([register], [trigger]);
    expect(commandTypes(p)).toEqual(['FailCompaction']);
    expect(p.notRestorable).toEqual([]);
  });

  it('given a compaction completed since the point, then the rewritten rowsets are reported', () => {
    const p = plan([register], [trigger, complete]);
    expect(p.steps).toEqual([]);
    expect(new Set(p.notRestorable.map((n) => n.reason))).toEqual(new Set(['COMPACTION_REWROTE_ROWSETS']));
    expect(p.notRestorable.filter((n) => n.kind === 'rowset')).toHaveLength(3); // two inputs and the output
  });

  it('given a load after the point, then its rowset is reported as loaded after', () => {
    const p = plan([register], [{ type: 'AddRowset', tabletId: 7, size: 5, segments: 1, now: NOW }]);
    expect(reasons(p).map(([, reason]) => reason)).toEqual(['LOADED_AFTER_POINT']);
  });
});
