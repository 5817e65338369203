import { assertNever } from '@engine/kernel/domain';
import { SegmentsEvent, SegmentsStateChange } from './segments.events';
import {
  addSegments,
  forEachStartingIn,
  internVersion,
  removeSegments,
  SegmentEntry,
  SegmentsState,
} from './segments.state';

/** Folds one event into the state, in place: a datasource may hold a million segments. */
export function evolveSegments(state: SegmentsState, event: SegmentsEvent): SegmentsState {
  switch (event.type) {
    case 'SegmentsPublished':
      state.datasource = event.data.datasource;
      addSegments(
        state,
        event.data.segments.map((s) => ({
          id: s.id,
          // Recorded instants are always the canonical `...Z` form, which Date.parse reads as UTC.
          start: Date.parse(s.start),
          end: Date.parse(s.end),
          version: internVersion(state, s.version),
          partitionNum: s.partitionNum,
          size: s.size,
          used: true,
        })),
      );
      return state;
    case 'SegmentsMarkedUnused':
      setUsed(state, event.data, false);
      return state;
    case 'SegmentsMarkedUsed':
      setUsed(state, event.data, true);
      return state;
    case 'UnusedSegmentsKilled':
      removeSegments(state, event.data.segmentIds);
      return state;
    default:
      return assertNever(event);
  }
}

function setUsed(state: SegmentsState, change: SegmentsStateChange, used: boolean): void {
  const flip = (entry: SegmentEntry) => {
    entry.used = used;
    state.usedCount += used ? 1 : -1;
  };
  const { selection } = change;
  if (selection) {
    // The selection names exactly the listed segments: walk the index instead of hashing each ID.
    const endTo = Date.parse(selection.endTo);
    const versions = selection.versions ? new Set(selection.versions) : undefined;
    forEachStartingIn(state, Date.parse(selection.startFrom), Date.parse(selection.startTo) + 1, (entry) => {
      if (entry.used !== used && entry.end <= endTo && (!versions || versions.has(entry.version)))
        flip(entry);
    });
    return;
  }
  for (const id of change.segmentIds) {
    const entry = state.byId.get(id);
    if (entry && entry.used !== used) flip(entry);
  }
}
