import type { RecordedEvent } from '../event-store.port';
import type { EventRow } from './sqlite-event-row';

interface TailEntry {
  readonly row: EventRow;
  readonly category: string;
  /** Parsed once, on first read, and shared by every subscriber that reads it. */
  event?: RecordedEvent;
}

/** Text kept in memory at most (data + metadata of the newest events); older reads go to SQL. */
const MAX_TAIL_CHARS = 16 * 1024 * 1024;
const MAX_TAIL_EVENTS = 20_000;

/**
 * The events this process committed most recently, in position order and without gaps.
 * Live subscriptions read new events from here instead of querying SQLite, and each event's
 * JSON is parsed once however many projections consume it. Events written by another process
 * open a gap: the tail restarts after it, and anything older is read from the file as before.
 */
export class SqliteTailCache {
  private entries: TailEntry[] = [];
  private first = 0;
  private chars = 0;
  /** Position just before the oldest cached event: the tail covers (from, head]. */
  private from: number;
  private head: number;

  constructor(head: number) {
    this.from = head;
    this.head = head;
  }

  /** Adds rows of one stream just committed, ascending by position. */
  add(rows: readonly EventRow[], category: string): void {
    if (rows.length === 0) return;
    if (rows[0][0] !== this.head + 1) this.reset(rows[0][0] - 1);
    rows.forEach((row) => {
      this.entries.push({ row, category });
      this.chars += row[5].length + row[6].length;
    });
    this.head = rows[rows.length - 1][0];
    this.evict();
  }

  /** Whether events after `position` can be read from here. */
  covers(position: number): boolean {
    return position >= this.from && position <= this.head;
  }

  /**
   * Events after `position` in the given categories (all when undefined) whose type is in
   * `types` (all when undefined), at most `max`; `scannedTo` is how far the scan got.
   */
  read(
    position: number,
    categories: ReadonlySet<string> | undefined,
    types: ReadonlySet<string> | undefined,
    max: number,
    parse: (row: EventRow) => RecordedEvent,
  ): { events: RecordedEvent[]; scannedTo: number } {
    const events: RecordedEvent[] = [];
    let scannedTo = position;
    for (let i = this.first + (position - this.from); i < this.entries.length; i++) {
      const entry = this.entries[i];
      scannedTo = entry.row[0];
      if (categories && !categories.has(entry.category)) continue;
      if (types && !types.has(entry.row[4])) continue;
      events.push((entry.event ??= parse(entry.row)));
      if (events.length >= max) break;
    }
    return { events, scannedTo };
  }

  private reset(from: number): void {
    this.entries = [];
    this.first = 0;
    this.chars = 0;
    this.from = from;
    this.head = from;
  }

  private evict(): void {
    while (
      this.entries.length - this.first > 1 &&
      (this.chars > MAX_TAIL_CHARS || this.entries.length - this.first > MAX_TAIL_EVENTS)
    ) {
      const { row } = this.entries[this.first];
      this.entries[this.first++] = undefined as unknown as TailEntry;
      this.chars -= row[5].length + row[6].length;
      this.from = row[0];
    }
    // Compact now and then rather than shifting the array on every eviction.
    if (this.first > 4096 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }
}
