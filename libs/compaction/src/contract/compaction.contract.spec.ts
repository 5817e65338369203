import { TabletCommand, tabletDecider } from '../domain';
import { decideAll, expectDecidedEventsMatch } from '../../../../test/audit/support/event-contract';
import { COMPACTION_EVENT_SCHEMAS } from './compaction.schemas';

/**
 * The schemas against real events: this family's own decider runs a short lifecycle that emits
 * every event type, and every event it returns must match its type's JSON Schema. Adding an event
 * type: emit it here too (the spec fails until every type is covered).
 */

const NOW = '2026-01-02T03:04:05.000Z';
const LATER = '2026-01-02T04:04:05.000Z';

describe('tablet events decided by the domain match the published JSON Schemas', () => {
  it('given a lifecycle emitting every event type, each event matches its schema', () => {
    const tabletId = 10015;
    const rowsets = [
      [0, 5],
      [6, 6],
      [7, 7],
      [8, 8],
      [9, 9],
    ].map(([startVersion, endVersion]) => ({ startVersion, endVersion, size: 1000, segments: 1 }));
    const run = (compactionId: string, end: TabletCommand[]): TabletCommand[] => [
      { type: 'TriggerCompaction', tabletId, compactionId, compactionType: 'cumulative', now: NOW },
      { type: 'StartCompaction', tabletId, compactionId, now: NOW },
      ...end,
    ];
    const { events } = decideAll(tabletDecider, [
      {
        type: 'RegisterTablet',
        tabletId,
        tableId: 7,
        schemaHash: 700967178,
        rowsets,
        cumulativePoint: 8,
        now: NOW,
      },
      { type: 'AddRowset', tabletId, size: 500, segments: 1, now: NOW },
      ...run('c1', [{ type: 'FailCompaction', tabletId, compactionId: 'c1', reason: 'disk full', now: NOW }]),
      ...run('c2', [
        { type: 'TimeOutCompaction', tabletId, compactionId: 'c2', timeoutMs: 1000, now: LATER },
      ]),
      ...run('c3', [
        { type: 'CompleteCompaction', tabletId, compactionId: 'c3', promotionSize: 1 << 30, now: NOW },
      ]),
    ]);
    expectDecidedEventsMatch(COMPACTION_EVENT_SCHEMAS, events);
  });
});
