import type { RowsetSpec } from './tablet.commands';
import { TabletError } from './tablet.errors';

/** Rowsets handed to RegisterTablet, sorted by version; throws when they cannot describe a tablet. */
export function validRowsets(rowsets: readonly RowsetSpec[]): RowsetSpec[] {
  const sorted = [...rowsets].sort((a, b) => a.startVersion - b.startVersion);
  sorted.forEach((rowset, index) => {
    const { startVersion, endVersion, size, segments } = rowset;
    if (![startVersion, endVersion, size, segments].every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new TabletError(
        'INVALID_ROWSETS',
        'rowset versions, size and segments must be non-negative integers',
      );
    }
    if (startVersion > endVersion) {
      throw new TabletError('INVALID_ROWSETS', `rowset [${startVersion}-${endVersion}] starts after it ends`);
    }
    const previous = sorted[index - 1];
    if (previous !== undefined && startVersion <= previous.endVersion) {
      throw new TabletError(
        'INVALID_ROWSETS',
        `rowsets [${previous.startVersion}-${previous.endVersion}] and [${startVersion}-${endVersion}] overlap`,
      );
    }
  });
  return sorted;
}

/** The cumulative point must fall on a rowset boundary, no further than the next version. */
export function validCumulativePoint(rowsets: readonly RowsetSpec[], requested: number | undefined): number {
  const first = rowsets[0];
  const point = requested ?? (first !== undefined && first.startVersion === 0 ? first.endVersion + 1 : 0);
  const last = rowsets.at(-1);
  const next = last === undefined ? 0 : last.endVersion + 1;
  const inside = rowsets.find((r) => r.startVersion < point && point <= r.endVersion);
  if (!Number.isSafeInteger(point) || point < 0 || point > next || inside !== undefined) {
    throw new TabletError(
      'INVALID_CUMULATIVE_POINT',
      `cumulative point ${point} must be between 0 and ${next} and must not split a rowset`,
    );
  }
  return point;
}
