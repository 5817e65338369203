import { forEachStartingIn, SegmentEntry, SegmentsState } from './segments.state';

/**
 * A segment (interval I, version v) is overshadowed when used segments with versions greater
 * than v cover all of I: one group with exactly I, or a contiguous chain of groups. A gap, or a
 * stretch covered only by versions <= v, leaves it visible. Each (interval, version) group counts
 * as complete, so one used segment stands for its group.
 */
export function isOvershadowed(
  state: SegmentsState,
  segment: SegmentEntry,
  /** Unused segments that count as used: the candidates of one markUsed (BEHAVIOUR.md §6). */
  alsoOnTimeline: ReadonlySet<SegmentEntry> = new Set(),
): boolean {
  let coveredUntil = segment.start;
  let covered = false;
  // Segments come in start order, so the newer ones sweep I without sorting; a gap ends the sweep.
  forEachStartingIn(state, segment.start - state.maxSpan + 1, segment.end, (other) => {
    const onTimeline = other.used || alsoOnTimeline.has(other);
    if (!onTimeline || other.version <= segment.version || other.end <= coveredUntil) return false;
    if (other.start > coveredUntil) return true;
    coveredUntil = other.end;
    covered = coveredUntil >= segment.end;
    return covered;
  });
  return covered;
}
