import type { RecordedEvent } from '@engine/eventstore';
import { PastAggregate } from '@engine/kernel';
import { CompactionType, TabletError, TabletEvent, TabletState } from '../domain';
import { CompactionView } from '../read-models/tablet-status.queries';
import { tabletJson } from './tablet.presenter';

/** The compaction history the live GET shows (newest first). */
export const TABLET_HISTORY = 50;

/** Subject kinds the presenter reads whole histories of. */
export const TABLET_HISTORY_OF = ['compaction'] as const;

const domain = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as TabletEvent;

/**
 * `GET /engine/v1/tablets/{id}?asOf=` in the live route's shape: the replayed tablet, with its
 * compaction history and last success / failure per type folded from each compaction's events
 * the way the compaction-status read model folds them.
 */
export function presentTabletAt(past: PastAggregate<TabletState>) {
  const tablet = past.state;
  if (tablet.status === 'absent')
    throw new TabletError('TABLET_NOT_FOUND', 'tablet not found at that point', {});
  const none = (): Record<CompactionType, string | null> => ({ base: null, cumulative: null, full: null });
  const lastSuccess = none();
  const lastFailure = none();
  const history: CompactionView[] = past.subjects('compaction').map((id) => {
    const view: CompactionView = {
      compactionId: id,
      compactionType: 'cumulative',
      status: 'triggered',
      inputRowsetIds: [],
      output: null,
      cumulativePointAfter: null,
      reason: null,
      triggeredAt: '',
      startedAt: null,
      finishedAt: null,
      source: '',
    };
    for (const recorded of past.history('compaction', id)) {
      const event = domain(recorded);
      switch (event.type) {
        case 'CompactionTriggered':
          view.compactionType = event.data.compactionType;
          view.inputRowsetIds = event.data.inputRowsetIds;
          view.triggeredAt = event.data.triggeredAt;
          view.source = recorded.metadata.source;
          break;
        case 'CompactionStarted':
          view.status = 'running';
          view.startedAt = event.data.startedAt;
          break;
        case 'CompactionCompleted':
          Object.assign(view, {
            status: 'completed',
            finishedAt: event.data.completedAt,
            output: event.data.output,
            cumulativePointAfter: event.data.cumulativePoint,
          });
          lastSuccess[event.data.compactionType] = event.data.completedAt;
          break;
        case 'CompactionFailed':
          Object.assign(view, {
            status: event.data.timedOut ? 'timed_out' : 'failed',
            finishedAt: event.data.failedAt,
            reason: event.data.reason,
          });
          lastFailure[event.data.compactionType] = event.data.failedAt;
          break;
        default:
          break;
      }
    }
    return view;
  });
  // The read model shows the earliest of the running compactions; so does the past view.
  const running = tablet.running[0];
  return tabletJson({
    tabletId: tablet.tabletId,
    tableId: tablet.tableId,
    schemaHash: tablet.schemaHash,
    cumulativePoint: tablet.cumulativePoint,
    rowsets: [...tablet.rowsets],
    running: running
      ? {
          compactionId: running.compactionId,
          compactionType: running.compactionType,
          triggeredAt: running.triggeredAt,
          startedAt: running.startedAt ?? null,
        }
      : null,
    lastSuccess,
    lastFailure,
    history: history.reverse().slice(0, TABLET_HISTORY),
  });
}
