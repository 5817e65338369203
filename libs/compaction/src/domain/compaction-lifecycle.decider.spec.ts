import type { TabletCommand } from './tablet.commands';
import type { TabletEvent } from './tablet.events';
import {
  fiveRowsets,
  given,
  ids,
  LATER,
  NOW,
  refusedWith,
  rowsetsOf,
  tabletId,
  tabletSpec,
  trigger,
  triggeredEvent,
} from './tablet.fixtures';
import { rowsetIdFor } from './tablet.state';

describe('tablet decider: executor lifecycle', () => {
  const triggered = [fiveRowsets, triggeredEvent('cumulative', ids(4, 5))];
  const started: TabletEvent = {
    type: 'CompactionStarted',
    data: { tabletId, compactionId: 'c1', compactionType: 'cumulative', startedAt: NOW },
  };
  const complete = (promotionSize: number, output?: { size: number; segments: number }): TabletCommand => ({
    type: 'CompleteCompaction',
    tabletId,
    compactionId: 'c1',
    promotionSize,
    output,
    now: LATER,
  });
  const completed = (size: number, segments: number, cumulativePoint: number): TabletEvent => ({
    type: 'CompactionCompleted',
    data: {
      tabletId,
      compactionId: 'c1',
      compactionType: 'cumulative',
      inputRowsetIds: ids(4, 5),
      output: { rowsetId: rowsetIdFor(6), startVersion: 8, endVersion: 9, size, segments },
      cumulativePoint,
      completedAt: LATER,
    },
  });

  it('starts a triggered compaction once', () => {
    given(triggered)
      .when({ type: 'StartCompaction', tabletId, compactionId: 'c1', now: NOW })
      .then([started]);
    given([...triggered, started])
      .when({ type: 'StartCompaction', tabletId, compactionId: 'c1', now: NOW })
      .thenThrows(refusedWith('COMPACTION_ALREADY_STARTED'));
  });

  it('refuses progress on a compaction that is not the running one', () => {
    given(triggered)
      .when({ type: 'StartCompaction', tabletId, compactionId: 'other', now: NOW })
      .thenThrows(refusedWith('COMPACTION_NOT_RUNNING'));
    given([fiveRowsets]).when(complete(1)).thenThrows(refusedWith('COMPACTION_NOT_RUNNING'));
    given([fiveRowsets])
      .when({ type: 'FailCompaction', tabletId, compactionId: 'c1', reason: 'x', now: NOW })
      .thenThrows(refusedWith('COMPACTION_NOT_RUNNING'));
  });

  it('merges the inputs; a small cumulative output keeps the point', () => {
    given([...triggered, started])
      .when(complete(1_000_000))
      .then([completed(2000, 1, 8)]);
  });

  it('a cumulative output reaching the promotion size moves the point past it', () => {
    given([...triggered, started])
      .when(complete(2000))
      .then([completed(2000, 1, 10)]);
  });

  it('records the output the executor reports', () => {
    given([...triggered, started])
      .when(complete(1_000_000, { size: 1500, segments: 3 }))
      .then([completed(1500, 3, 8)]);
  });

  it('after completion the tablet holds the merged rowset and accepts a new compaction', () => {
    const state = tabletSpec.stateAfter([...triggered, started, completed(2000, 1, 10)]);
    expect(state).toMatchObject({
      rowsets: [
        ...rowsetsOf([0, 5], [6, 6], [7, 7]),
        { rowsetId: rowsetIdFor(6), startVersion: 8, endVersion: 9 },
      ],
      cumulativePoint: 10,
      running: [],
      nextRowsetSeq: 7,
    });
    given([...triggered, started, completed(2000, 1, 10)])
      .when(trigger('base', 'c2'))
      .then([triggeredEvent('base', ids(1, 2, 3, 6), 'c2')]);
  });

  it('full compaction merges into [0-max] and moves the point to max+1', () => {
    given([fiveRowsets, triggeredEvent('full', ids(1, 2, 3, 4, 5))])
      .when({ ...complete(1_000_000), now: LATER })
      .then([
        {
          type: 'CompactionCompleted',
          data: {
            tabletId,
            compactionId: 'c1',
            compactionType: 'full',
            inputRowsetIds: ids(1, 2, 3, 4, 5),
            output: { rowsetId: rowsetIdFor(6), startVersion: 0, endVersion: 9, size: 5000, segments: 1 },
            cumulativePoint: 10,
            completedAt: LATER,
          },
        },
      ]);
  });

  it('fails a compaction with the reason given, freeing the tablet', () => {
    const failed: TabletEvent = {
      type: 'CompactionFailed',
      data: {
        tabletId,
        compactionId: 'c1',
        compactionType: 'cumulative',
        reason: 'disk full',
        timedOut: false,
        failedAt: NOW,
      },
    };
    given([...triggered, started])
      .when({ type: 'FailCompaction', tabletId, compactionId: 'c1', reason: 'disk full', now: NOW })
      .then([failed]);
    given([...triggered, started, failed])
      .when(trigger('cumulative', 'c2'))
      .then([triggeredEvent('cumulative', ids(4, 5), 'c2')]);
  });

  it('times out a started compaction only once its deadline has passed', () => {
    const timeOut = (now: string): TabletCommand => ({
      type: 'TimeOutCompaction',
      tabletId,
      compactionId: 'c1',
      timeoutMs: 600_000,
      now,
    });
    given([...triggered, started])
      .when(timeOut('2026-01-01T00:09:59.999Z'))
      .thenThrows(refusedWith('COMPACTION_NOT_EXPIRED'));
    given([...triggered, started])
      .when(timeOut(LATER))
      .then([
        {
          type: 'CompactionFailed',
          data: {
            tabletId,
            compactionId: 'c1',
            compactionType: 'cumulative',
            reason: `timed out: started at ${NOW}, no result within 600000 ms`,
            timedOut: true,
            failedAt: LATER,
          },
        },
      ]);
  });
});
