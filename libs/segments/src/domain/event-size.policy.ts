/**
 * Splits a bulk change into pieces small enough for one event each: at most `maxItems` items and
 * about `maxBytes` of JSON, so every event stays under the store's per-event budget (~256 KiB)
 * and the pipeline can pack appends under 1 MiB.
 */
export const MAX_ITEMS_PER_EVENT = 5000;
export const MAX_BYTES_PER_EVENT = 200 * 1024;

export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= MAX_ITEMS_PER_EVENT || bytes + size > MAX_BYTES_PER_EVENT)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
