import { formatIsoInstant } from './iso-instant.value-object';
import { SegmentsEvent, SegmentsSelection } from './segments.events';
import { forEachStartingIn, SegmentEntry, SegmentsState } from './segments.state';

type StateChangeType = Exclude<SegmentsEvent['type'], 'SegmentsPublished'>;

/**
 * The event of one bulk state change: one event naming every segment it changes, in start
 * order, with a `selection` when that describes its segments exactly (checked against the
 * state, so overshadowed segments left out simply mean no selection). However large, it is one
 * event: a store with a size limit cuts it itself (the EventStoreDB adapter does).
 */
export function stateChangeEvents(
  type: StateChangeType,
  datasource: string,
  entries: readonly SegmentEntry[],
  state: SegmentsState,
  versions?: readonly string[],
): SegmentsEvent[] {
  if (entries.length === 0) return [];
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const selection = exactSelection(sorted, state, type === 'SegmentsMarkedUnused', versions);
  const segmentIds = sorted.map((e) => e.id);
  return [{ type, data: { schemaVersion: 1, datasource, segmentIds, ...(selection ? { selection } : {}) } }];
}

function exactSelection(
  entries: readonly SegmentEntry[],
  state: SegmentsState,
  fromUsed: boolean,
  versions?: readonly string[],
): SegmentsSelection | undefined {
  const startFrom = entries[0].start;
  const startTo = entries[entries.length - 1].start;
  const endTo = entries.reduce((max, e) => Math.max(max, e.end), 0);
  const wanted = versions ? new Set(versions) : undefined;
  let matching = 0;
  forEachStartingIn(state, startFrom, startTo + 1, (e) => {
    if (e.used === fromUsed && e.end <= endTo && (!wanted || wanted.has(e.version))) matching++;
  });
  // The entries are a subset of the matching segments, so equal counts mean equal sets.
  if (matching !== entries.length) return undefined;
  return {
    startFrom: formatIsoInstant(startFrom),
    startTo: formatIsoInstant(startTo),
    endTo: formatIsoInstant(endTo),
    ...(versions ? { versions: [...versions] } : {}),
  };
}
