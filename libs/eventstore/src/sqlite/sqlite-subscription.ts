import { SubscribeAllOptions, Subscription, SubscriptionItem } from '../event-store.port';
import type { EventRow, SqliteEventStore } from './sqlite-event-store';
import { toRecorded } from './sqlite-event-store';

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
    this.unlisten = store.onAppended(() => {
      this.dirty = true;
      this.wake?.();
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    let position = this.options.fromPosition ?? 0n;
    const categories = this.options.filter?.categories;
    const types = this.options.filter?.eventTypes ? new Set(this.options.filter.eventTypes) : undefined;
    while (!this.closed) {
      this.dirty = false;
      if (this.store.isClosed) return;
      const { rows, scannedTo } = categories
        ? this.store.readCategoryRows(categories, position, PAGE)
        : this.readAllPage(position);
      if (rows.length === 0 && scannedTo <= position) {
        if (!this.dirty) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      let reported = position;
      for (const row of rows) {
        if (this.closed) return;
        if (types && !types.has(row[4])) continue;
        reported = BigInt(row[0]);
        yield { kind: 'event', event: toRecorded(row) };
      }
      position = scannedTo;
      // Past skipped rows (other categories or types): say how far the scan got.
      if (scannedTo > reported) yield { kind: 'checkpoint', position: scannedTo };
    }
  }

  private readAllPage(position: bigint): { rows: EventRow[]; scannedTo: bigint } {
    const rows = this.store.readAllRows(position, PAGE);
    return { rows, scannedTo: rows.length > 0 ? BigInt(rows[rows.length - 1][0]) : position };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.wake?.();
    this.onClose();
  }
}
