import { SubscribeAllOptions, Subscription, SubscriptionItem } from '../event-store.port';
import { readFilter, type SqliteEventStore } from './sqlite-event-store';

const PAGE = 1000;

/**
 * Catch-up then live subscription over the SQLite store. Pull-based: the consumer's pace
 * drives reads, so a slow consumer never makes it buffer more than one page.
 */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined;
  private dirty = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly store: SqliteEventStore,
    private readonly options: SubscribeAllOptions,
    private readonly onClose: () => void,
  ) {
    this.unlisten = store.local.onAppended(() => {
      this.dirty = true;
      this.wake?.();
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    let position = this.options.fromPosition ?? 0n;
    const filter = readFilter(this.options.filter);
    while (!this.closed) {
      this.dirty = false;
      if (this.store.isClosed) return;
      const { events, scannedTo } = this.store.readEvents(position, filter, PAGE);
      if (events.length === 0 && scannedTo <= position) {
        if (!this.dirty) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      let reported = position;
      for (const event of events) {
        if (this.closed) return;
        reported = event.position;
        yield { kind: 'event', event };
      }
      position = scannedTo;
      // Past skipped rows (other categories or types): say how far the scan got.
      if (scannedTo > reported) yield { kind: 'checkpoint', position: scannedTo };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.wake?.();
    this.onClose();
  }
}
