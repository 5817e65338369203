import { TabletCommand } from '@engine/compaction/domain';
import { planRestore } from '../restore.planner';
import { compactionRestore } from './compaction.restore';
import { history, reasons } from './restore.fixtures';

const NOW = '2026-01-01T00:00:00.000Z';
/** Rowsets [0-9] [10] [11], cumulative point 11: versions with two digits, single-rowset compactions. */
const register: TabletCommand = {
  type: 'RegisterTablet',
  tabletId: 7,
  tableId: 1,
  schemaHash: 1,
  cumulativePoint: 11,
  rowsets: [
    { startVersion: 0, endVersion: 9, size: 100, segments: 1 },
    { startVersion: 10, endVersion: 10, size: 10, segments: 1 },
    { startVersion: 11, endVersion: 11, size: 10, segments: 1 },
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
const start: TabletCommand = { type: 'StartCompaction', tabletId: 7, compactionId: 'c1', now: NOW };
const complete = (promotionSize: number): TabletCommand => ({
  type: 'CompleteCompaction',
  tabletId: 7,
  compactionId: 'c1',
  promotionSize,
  now: NOW,
});
const load: TabletCommand = { type: 'AddRowset', tabletId: 7, size: 5, segments: 1, now: NOW };
const plan = (before: TabletCommand[], since: TabletCommand[], now?: string) => {
  const asOf = history(compactionRestore, before).state;
  const current = history(compactionRestore, [...before, ...since]).state;
  return planRestore(compactionRestore, { asOf, current, id: '7', now });
};
const rowsetId = (seq: number) => `02${seq.toString(16).padStart(30, '0')}`;

describe('Doris restore: edge cases', () => {
  it('names each subject by its kind: a running compaction (`@running/<id>`) is a compaction, not a rowset', () => {
    expect(compactionRestore.kindOf('@running/c-1')).toBe('compaction');
    expect(compactionRestore.kindOf('0-5')).toBe('rowset');
  });

  it('given a tablet registered after the point, then it stays, and its rowsets count as loads after', () => {
    const p = plan([], [register]);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable).toContainEqual({
      kind: 'tablet',
      subject: '@tablet',
      current: 7,
      reason: 'CREATED_AFTER_POINT',
      message: 'The tablet was registered after the point; a restore does not remove it',
    });
    expect(reasons(p)).toEqual(
      expect.arrayContaining([
        ['@cumulativePoint', 'COMPACTION_REWROTE_ROWSETS'],
        [rowsetId(1), 'LOADED_AFTER_POINT'],
        [rowsetId(2), 'LOADED_AFTER_POINT'],
      ]),
    );
    expect(p.notRestorable.find((n) => n.subject === '@cumulativePoint')).toMatchObject({
      kind: 'cumulative-point',
      message: 'The cumulative point moved with a compaction since the point',
    });
  });

  it('given a compaction triggered since the point, then the failure names the tablet and what it undoes', () => {
    const p = plan([register], [trigger]);
    expect(p.steps).toEqual([
      {
        command: {
          type: 'FailCompaction',
          tabletId: 7,
          compactionId: 'c1',
          reason: 'aborted by a point-in-time restore',
          now: '1970-01-01T00:00:00.000Z',
        },
        undoes: [
          expect.objectContaining({
            subject: '@running/c1',
            current: { compactionId: 'c1', started: false },
          }),
        ],
      },
    ]);
  });

  it('given the compaction running at the point has started since, then it is reported, not failed', () => {
    const p = plan([register, trigger], [start], NOW);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable).toEqual([
      expect.objectContaining({
        subject: '@running/c1',
        current: { compactionId: 'c1', started: true },
        restoredTo: { compactionId: 'c1', started: false },
        reason: 'COMPACTION_REWROTE_ROWSETS',
        message:
          'The compaction running at the point has since progressed or finished; it cannot be put back',
      }),
    ]);
  });

  it('tells a load after the point from a rewrite ending at the last version of the point', () => {
    // The cumulative compaction of [11] alone writes a new [11]: a rewrite, not a load.
    const rewritten = plan([register], [trigger, complete(Number.MAX_SAFE_INTEGER)]);
    expect(reasons(rewritten)).toEqual([
      [rowsetId(3), 'COMPACTION_REWROTE_ROWSETS'],
      [rowsetId(4), 'COMPACTION_REWROTE_ROWSETS'],
    ]);
    expect(rewritten.notRestorable[0].message).toBe(
      'A compaction rewrote this rowset since the point: its data now lives in the merged rowset',
    );
    const loaded = plan([register], [load]);
    expect(loaded.notRestorable).toEqual([
      expect.objectContaining({
        kind: 'rowset',
        subject: rowsetId(4),
        reason: 'LOADED_AFTER_POINT',
        message: 'Loaded after the point: a restore does not unload data',
      }),
    ]);
  });
});
