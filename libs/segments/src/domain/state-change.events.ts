import { MAX_BYTES_PER_EVENT, MAX_ITEMS_PER_EVENT } from './event-size.policy';
import { formatIsoInstant } from './iso-instant.value-object';
import { SegmentsEvent, SegmentsSelection } from './segments.events';
import { forEachStartingIn, SegmentEntry, SegmentsState } from './segments.state';

type StateChangeType = Exclude<SegmentsEvent['type'], 'SegmentsPublished'>;

/**
 * The events of one bulk state change: segments in start order, cut into events of at most
 * ~5,000 IDs / ~200 KiB, preferably between two start instants, each with a `selection` when it
 * describes the event's segments exactly (checked against the state, so overshadowed segments
 * left out, or a start group split over two events, simply mean no selection).
 */
export function stateChangeEvents(
  type: StateChangeType,
  datasource: string,
  entries: readonly SegmentEntry[],
  state: SegmentsState,
  versions?: readonly string[],
): SegmentsEvent[] {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const fromUsed = type === 'SegmentsMarkedUnused';
  return cut(sorted).map((chunk) => {
    const selection = exactSelection(chunk, state, fromUsed, versions);
    const segmentIds = chunk.map((e) => e.id);
    return { type, data: { schemaVersion: 1, datasource, segmentIds, ...(selection ? { selection } : {}) } };
  });
}

function cut(sorted: readonly SegmentEntry[]): SegmentEntry[][] {
  const chunks: SegmentEntry[][] = [];
  let current: SegmentEntry[] = [];
  let bytes = 0;
  for (const entry of sorted) {
    const full = current.length >= MAX_ITEMS_PER_EVENT || bytes + entry.id.length + 3 > MAX_BYTES_PER_EVENT;
    // Between two start instants when possible; a start group too big for one event is split.
    const boundary = current.length > 0 && current[current.length - 1].start !== entry.start;
    const overfull = current.length >= 2 * MAX_ITEMS_PER_EVENT || bytes > 1.5 * MAX_BYTES_PER_EVENT;
    if ((full && boundary) || overfull) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.id.length + 3;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function exactSelection(
  chunk: readonly SegmentEntry[],
  state: SegmentsState,
  fromUsed: boolean,
  versions?: readonly string[],
): SegmentsSelection | undefined {
  const startFrom = chunk[0].start;
  const startTo = chunk[chunk.length - 1].start;
  const endTo = chunk.reduce((max, e) => Math.max(max, e.end), 0);
  const wanted = versions ? new Set(versions) : undefined;
  let matching = 0;
  forEachStartingIn(state, startFrom, startTo + 1, (e) => {
    if (e.used === fromUsed && e.end <= endTo && (!wanted || wanted.has(e.version))) matching++;
  });
  // The chunk is a subset of the matching segments, so equal counts mean equal sets.
  if (matching !== chunk.length) return undefined;
  return {
    startFrom: formatIsoInstant(startFrom),
    startTo: formatIsoInstant(startTo),
    endTo: formatIsoInstant(endTo),
    ...(versions ? { versions: [...versions] } : {}),
  };
}
