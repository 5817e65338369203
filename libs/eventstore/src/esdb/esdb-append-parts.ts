import { NewEvent } from '../event-store.port';
import { appendSizeOf } from './esdb-event-mapping';

/** EventStoreDB rejects an append over MaxAppendSize (1 MiB by default); keep a margin below it. */
export const MAX_APPEND_BYTES = 960 * 1024;

/**
 * Splits one logical change into appends under the size limit, in order. When it has to split,
 * every event is stamped with `metadata.part` ({ index from 1, count }) so the parts still read
 * as one change; events already stamped by the caller keep their stamp. The split depends
 * only on the events, so a retry of the same change produces the same parts and event IDs.
 */
export function splitIntoAppends(events: readonly NewEvent[], maxBytes = MAX_APPEND_BYTES): NewEvent[][] {
  const parts: NewEvent[][] = [];
  let current: NewEvent[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = appendSizeOf(event);
    if (bytes > maxBytes) {
      throw new RangeError(
        `event ${event.id} (${event.type}) is ${bytes} bytes, over the ${maxBytes}-byte append limit`,
      );
    }
    if (current.length > 0 && size + bytes > maxBytes) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(event);
    size += bytes;
  }
  if (current.length > 0) parts.push(current);
  if (parts.length < 2) return parts;
  const change = events[0].id;
  return parts.map((part, i) =>
    part.map((e) =>
      e.metadata.part
        ? e
        : { ...e, metadata: { ...e.metadata, part: { index: i + 1, count: parts.length, change } } },
    ),
  );
}
