import { Interval } from './interval.value-object';
import { formatSegmentId, parseSegmentIdCandidates } from './segment-id.value-object';

/** One live (not killed) segment. `used` is flipped in place by evolve. */
export interface SegmentEntry {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly version: string;
  readonly partitionNum: number;
  readonly size: number;
  used: boolean;
}

/**
 * A datasource's segments, indexed so that interval selection is a binary search over the
 * distinct start instants plus a walk over the matching groups, never a scan of every segment
 * (a datasource may hold a million).
 */
export interface SegmentsState {
  readonly byId: Map<string, SegmentEntry>;
  readonly byStart: Map<number, SegmentEntry[]>;
  /** Distinct starts of `byStart`, ascending. */
  starts: number[];
  /** Longest segment seen: segments overlapping [s, e) start after s - maxSpan. */
  maxSpan: number;
  usedCount: number;
  /** The datasource's name, known from its first event ('' before). */
  datasource: string;
  /** One string per distinct version: a million segments share a handful of versions. */
  readonly versions: Map<string, string>;
}

export function initialSegmentsState(): SegmentsState {
  return {
    byId: new Map(),
    byStart: new Map(),
    starts: [],
    maxSpan: 0,
    usedCount: 0,
    datasource: '',
    versions: new Map(),
  };
}

/** The state's own copy of a version string (evolve only; mutates). */
export function internVersion(state: SegmentsState, version: string): string {
  const known = state.versions.get(version);
  if (known !== undefined) return known;
  state.versions.set(version, version);
  return version;
}

/** The segment an ID names, trying its readings in order; undefined if unparseable or unknown. */
export function findSegment(
  state: SegmentsState,
  datasource: string,
  text: string,
): SegmentEntry | undefined {
  for (const candidate of parseSegmentIdCandidates(datasource, text)) {
    const entry = state.byId.get(formatSegmentId(candidate));
    if (entry) return entry;
  }
  return undefined;
}

/** Calls `visit` for every segment with from <= start < to, in start order, until it returns true. */
export function forEachStartingIn(
  state: SegmentsState,
  from: number,
  to: number,
  visit: (entry: SegmentEntry) => boolean | void,
): void {
  const { starts, byStart } = state;
  for (let i = lowerBound(starts, from); i < starts.length && starts[i] < to; i++) {
    const group = byStart.get(starts[i]);
    if (group) for (const entry of group) if (visit(entry) === true) return;
  }
}

/** Segments fully contained in the interval (Druid's rule for mark and kill). */
export function segmentsContainedIn(state: SegmentsState, interval: Interval): SegmentEntry[] {
  const found: SegmentEntry[] = [];
  forEachStartingIn(state, interval.start, interval.end, (entry) => {
    if (entry.end <= interval.end) found.push(entry);
  });
  return found;
}

/** Segments sharing any instant with the interval. */
export function segmentsOverlapping(state: SegmentsState, interval: Interval): SegmentEntry[] {
  const found: SegmentEntry[] = [];
  forEachStartingIn(state, interval.start - state.maxSpan + 1, interval.end, (entry) => {
    if (entry.end > interval.start) found.push(entry);
  });
  return found;
}

/** Adds new segments to the indexes (evolve only; mutates). */
export function addSegments(state: SegmentsState, entries: readonly SegmentEntry[]): void {
  const newStarts: number[] = [];
  for (const entry of entries) {
    if (state.byId.has(entry.id)) continue;
    state.byId.set(entry.id, entry);
    const group = state.byStart.get(entry.start);
    if (group) group.push(entry);
    else {
      state.byStart.set(entry.start, [entry]);
      newStarts.push(entry.start);
    }
    if (entry.used) state.usedCount++;
    state.maxSpan = Math.max(state.maxSpan, entry.end - entry.start);
  }
  if (newStarts.length > 0)
    state.starts = mergeSorted(
      state.starts,
      newStarts.sort((a, b) => a - b),
    );
}

/** Removes segments from the indexes (evolve only; mutates). */
export function removeSegments(state: SegmentsState, ids: readonly string[]): void {
  let emptied = false;
  for (const id of ids) {
    const entry = state.byId.get(id);
    if (!entry) continue;
    state.byId.delete(id);
    if (entry.used) state.usedCount--;
    const rest = (state.byStart.get(entry.start) ?? []).filter((e) => e !== entry);
    if (rest.length > 0) state.byStart.set(entry.start, rest);
    else {
      state.byStart.delete(entry.start);
      emptied = true;
    }
  }
  // One pass per event rather than a splice per emptied group.
  if (emptied) state.starts = state.starts.filter((start) => state.byStart.has(start));
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges two ascending arrays; appending after the last start (the usual case) is a push. */
function mergeSorted(a: number[], b: readonly number[]): number[] {
  if (a.length === 0 || b[0] > a[a.length - 1]) {
    for (const value of b) a.push(value);
    return a;
  }
  const merged: number[] = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) merged[k++] = a[i++];
  while (j < b.length) merged[k++] = b[j++];
  return merged;
}
