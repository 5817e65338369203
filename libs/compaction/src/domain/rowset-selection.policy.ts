import { assertNever } from '@engine/kernel/domain';
import type { TabletErrorCode } from './tablet.errors';
import type { CompactionType, Rowset } from './tablet.events';

/** Bytes per output segment when the executor does not say how many it wrote. */
export const SEGMENT_TARGET_BYTES = 256 * 1024 * 1024;

export type Selection = { ok: true; inputs: Rowset[] } | { ok: false; code: TabletErrorCode };

/** Leading run of rowsets whose versions follow each other without a gap. */
function contiguousRun(rowsets: readonly Rowset[]): Rowset[] {
  const run: Rowset[] = [];
  for (const rowset of rowsets) {
    const previous = run[run.length - 1];
    if (previous !== undefined && rowset.startVersion !== previous.endVersion + 1) break;
    run.push(rowset);
  }
  return run;
}

/** True when the rowsets cover [0, last end] with no missing version. */
export function isContiguousFromZero(rowsets: readonly Rowset[]): boolean {
  return (rowsets[0]?.startVersion ?? 0) === 0 && contiguousRun(rowsets).length === rowsets.length;
}

/**
 * Doris's choice of input rowsets (BEHAVIOUR.md section 3):
 * - base: the rowsets below the cumulative point, needs more than one (else -808);
 * - cumulative: the rowsets at or above the point, needs at least one (else -2000);
 * - full: every rowset, contiguous from version 0 (else -2009) and more than one (else -2008),
 *   checked in that order as Doris's FullCompaction does.
 * Base and cumulative stop at the first missing version (choice): a merged rowset must never
 * claim versions the tablet does not have.
 */
export function selectInputs(
  type: CompactionType,
  rowsets: readonly Rowset[],
  cumulativePoint: number,
): Selection {
  switch (type) {
    case 'base': {
      const inputs = contiguousRun(rowsets.filter((r) => r.endVersion < cumulativePoint));
      return inputs.length > 1 ? { ok: true, inputs } : { ok: false, code: 'NO_BASE_CANDIDATES' };
    }
    case 'cumulative': {
      const inputs = contiguousRun(rowsets.filter((r) => r.startVersion >= cumulativePoint));
      return inputs.length > 0 ? { ok: true, inputs } : { ok: false, code: 'NO_CUMULATIVE_CANDIDATES' };
    }
    case 'full':
      if (!isContiguousFromZero(rowsets)) return { ok: false, code: 'VERSIONS_NOT_CONTIGUOUS' };
      return rowsets.length > 1
        ? { ok: true, inputs: [...rowsets] }
        : { ok: false, code: 'NO_FULL_CANDIDATES' };
    default:
      return assertNever(type);
  }
}

/** Where the cumulative point stands once `output` replaced the inputs of a `type` compaction. */
export function cumulativePointAfter(
  type: CompactionType,
  output: Rowset,
  currentPoint: number,
  promotionSize: number,
): number {
  switch (type) {
    case 'base':
      return currentPoint;
    case 'cumulative':
      return output.size >= promotionSize ? Math.max(currentPoint, output.endVersion + 1) : currentPoint;
    case 'full':
      return output.endVersion + 1;
    default:
      return assertNever(type);
  }
}

export function segmentsFor(size: number): number {
  return size === 0 ? 0 : Math.ceil(size / SEGMENT_TARGET_BYTES);
}

/** Missing version ranges between 0 and the highest version, as Doris's show lists them. */
export function missingVersions(rowsets: readonly Rowset[]): { startVersion: number; endVersion: number }[] {
  const gaps: { startVersion: number; endVersion: number }[] = [];
  let expected = 0;
  for (const rowset of rowsets) {
    if (rowset.startVersion > expected)
      gaps.push({ startVersion: expected, endVersion: rowset.startVersion - 1 });
    expected = rowset.endVersion + 1;
  }
  return gaps;
}
