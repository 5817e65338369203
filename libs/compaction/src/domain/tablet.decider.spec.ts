import {
  fiveRowsets,
  given,
  ids,
  NOW,
  refusedWith,
  registeredEvent,
  specs,
  tabletId,
  trigger,
  triggeredEvent,
} from './tablet.fixtures';
import { rowsetIdFor } from './tablet.state';

describe('tablet decider: registration and loads', () => {
  it('registers a tablet, giving its rowsets ids', () => {
    given([])
      .when({
        type: 'RegisterTablet',
        tabletId,
        tableId: 7,
        schemaHash: 700967178,
        rowsets: specs([0, 5], [6, 6]),
        cumulativePoint: 6,
        now: NOW,
      })
      .then([registeredEvent(6, [0, 5], [6, 6])]);
  });

  it('defaults the cumulative point to just above the base rowset', () => {
    given([])
      .when({
        type: 'RegisterTablet',
        tabletId,
        tableId: 7,
        schemaHash: 700967178,
        rowsets: specs([6, 6], [0, 5]),
        now: NOW,
      })
      .then([registeredEvent(6, [0, 5], [6, 6])]);
  });

  it('refuses a tablet registered twice', () => {
    given([fiveRowsets])
      .when({ type: 'RegisterTablet', tabletId, tableId: 7, schemaHash: 1, rowsets: [], now: NOW })
      .thenThrows(refusedWith('TABLET_ALREADY_EXISTS'));
  });

  it.each([
    ['overlapping', specs([0, 5], [5, 6])],
    ['reversed', specs([3, 2])],
    ['negative', specs([-1, 2])],
  ])('refuses %s rowsets', (_, rowsets) => {
    given([])
      .when({ type: 'RegisterTablet', tabletId, tableId: 7, schemaHash: 1, rowsets, now: NOW })
      .thenThrows(refusedWith('INVALID_ROWSETS'));
  });

  it.each([3, 12, -1])('refuses cumulative point %d (inside a rowset or out of range)', (cumulativePoint) => {
    given([])
      .when({
        type: 'RegisterTablet',
        tabletId,
        tableId: 7,
        schemaHash: 1,
        rowsets: specs([0, 5], [6, 9]),
        cumulativePoint,
        now: NOW,
      })
      .thenThrows(refusedWith('INVALID_CUMULATIVE_POINT'));
  });

  it('adds a load as the next single version', () => {
    given([fiveRowsets])
      .when({ type: 'AddRowset', tabletId, size: 42, segments: 2, now: NOW })
      .then([
        {
          type: 'RowsetAdded',
          data: {
            tabletId,
            rowset: { rowsetId: rowsetIdFor(6), startVersion: 10, endVersion: 10, size: 42, segments: 2 },
            addedAt: NOW,
          },
        },
      ]);
  });

  it('knows no unregistered tablet', () => {
    given([])
      .when({ type: 'AddRowset', tabletId, size: 1, segments: 1, now: NOW })
      .thenThrows(refusedWith('TABLET_NOT_FOUND'));
    given([]).when(trigger('full')).thenThrows(refusedWith('TABLET_NOT_FOUND'));
  });
});

describe('tablet decider: triggering picks inputs by the Doris rules', () => {
  it('base: the rowsets below the point', () => {
    given([fiveRowsets])
      .when(trigger('base'))
      .then([triggeredEvent('base', ids(1, 2, 3))]);
  });

  it('cumulative: the rowsets at or above the point', () => {
    given([fiveRowsets])
      .when(trigger('cumulative'))
      .then([triggeredEvent('cumulative', ids(4, 5))]);
  });

  it('full: every rowset', () => {
    given([fiveRowsets])
      .when(trigger('full'))
      .then([triggeredEvent('full', ids(1, 2, 3, 4, 5))]);
  });

  it('-2000: nothing at or above the cumulative point', () => {
    given([registeredEvent(10, [0, 5], [6, 9])])
      .when(trigger('cumulative'))
      .thenThrows(refusedWith('NO_CUMULATIVE_CANDIDATES'));
  });

  it('-808: one rowset or none below the point', () => {
    given([registeredEvent(6, [0, 5], [6, 9])])
      .when(trigger('base'))
      .thenThrows(refusedWith('NO_BASE_CANDIDATES'));
  });

  it('-2008: a single rowset for full', () => {
    given([registeredEvent(10, [0, 9])])
      .when(trigger('full'))
      .thenThrows(refusedWith('NO_FULL_CANDIDATES'));
  });

  it('-2009: full over missing versions', () => {
    given([registeredEvent(2, [0, 1], [3, 4])])
      .when(trigger('full'))
      .thenThrows(refusedWith('VERSIONS_NOT_CONTIGUOUS'));
  });

  // BEHAVIOUR.md §6 / Doris compaction_action.cpp: base and cumulative hold separate locks,
  // a second of the same type is refused, a full compaction runs alone.
  it('refuses a second compaction of the same type, or any beside a full one', () => {
    given([fiveRowsets, triggeredEvent('cumulative', ids(4, 5))])
      .when(trigger('cumulative', 'c2'))
      .thenThrows(refusedWith('COMPACTION_ALREADY_RUNNING'));
    given([fiveRowsets, triggeredEvent('cumulative', ids(4, 5))])
      .when(trigger('full', 'c2'))
      .thenThrows(refusedWith('COMPACTION_ALREADY_RUNNING'));
  });

  it('given a running cumulative compaction, when a base one is triggered, then it runs too', () => {
    const events = given([fiveRowsets, triggeredEvent('cumulative', ids(4, 5))])
      .when(trigger('base', 'c2'))
      .events();
    expect(events).toMatchObject([
      { type: 'CompactionTriggered', data: { compactionType: 'base', compactionId: 'c2' } },
    ]);
  });
});
