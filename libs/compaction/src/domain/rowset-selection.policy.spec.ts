import {
  cumulativePointAfter,
  missingVersions,
  segmentsFor,
  selectInputs,
  SEGMENT_TARGET_BYTES,
} from './rowset-selection.policy';
import { rowsetsOf } from './tablet.fixtures';

const versions = (selection: ReturnType<typeof selectInputs>) =>
  selection.ok ? selection.inputs.map((r) => `${r.startVersion}-${r.endVersion}`) : selection.code;

describe('rowset selection (Doris rules)', () => {
  const tablet = rowsetsOf([0, 5], [6, 6], [7, 7], [8, 8], [9, 9]);

  it('base takes every rowset below the cumulative point', () => {
    expect(versions(selectInputs('base', tablet, 8))).toEqual(['0-5', '6-6', '7-7']);
  });

  it('base needs more than one rowset below the point (-808)', () => {
    expect(versions(selectInputs('base', tablet, 6))).toBe('NO_BASE_CANDIDATES');
    expect(versions(selectInputs('base', tablet, 0))).toBe('NO_BASE_CANDIDATES');
  });

  it('cumulative takes the rowsets at or above the point', () => {
    expect(versions(selectInputs('cumulative', tablet, 8))).toEqual(['8-8', '9-9']);
    expect(versions(selectInputs('cumulative', tablet, 9))).toEqual(['9-9']);
  });

  it('cumulative refuses when no rowset is at or above the point (-2000)', () => {
    expect(versions(selectInputs('cumulative', tablet, 10))).toBe('NO_CUMULATIVE_CANDIDATES');
    expect(versions(selectInputs('cumulative', [], 0))).toBe('NO_CUMULATIVE_CANDIDATES');
  });

  it('base and cumulative stop at the first missing version', () => {
    const gappy = rowsetsOf([0, 1], [2, 2], [4, 4], [5, 5], [7, 7]);
    expect(versions(selectInputs('cumulative', gappy, 4))).toEqual(['4-4', '5-5']);
    expect(versions(selectInputs('base', gappy, 7))).toEqual(['0-1', '2-2']);
  });

  it('full takes every rowset', () => {
    expect(versions(selectInputs('full', tablet, 8))).toEqual(['0-5', '6-6', '7-7', '8-8', '9-9']);
  });

  it('full needs more than one rowset (-2008)', () => {
    expect(versions(selectInputs('full', rowsetsOf([0, 9]), 10))).toBe('NO_FULL_CANDIDATES');
    expect(versions(selectInputs('full', [], 0))).toBe('NO_FULL_CANDIDATES');
  });

  it('full needs versions contiguous from 0 (-2009), checked before the count', () => {
    expect(versions(selectInputs('full', rowsetsOf([0, 1], [3, 3]), 2))).toBe('VERSIONS_NOT_CONTIGUOUS');
    expect(versions(selectInputs('full', rowsetsOf([1, 4]), 0))).toBe('VERSIONS_NOT_CONTIGUOUS');
  });

  it('moves the cumulative point past a cumulative output only when it reaches the promotion size', () => {
    const [output] = rowsetsOf([8, 9]);
    expect(cumulativePointAfter('cumulative', { ...output!, size: 99 }, 8, 100)).toBe(8);
    expect(cumulativePointAfter('cumulative', { ...output!, size: 100 }, 8, 100)).toBe(10);
  });

  it('leaves the point after base and moves it past everything after full', () => {
    const [output] = rowsetsOf([0, 7]);
    expect(cumulativePointAfter('base', output!, 8, 1)).toBe(8);
    expect(cumulativePointAfter('full', output!, 3, 1)).toBe(8);
  });

  it('lists missing version ranges', () => {
    expect(missingVersions(rowsetsOf([0, 1], [4, 4], [6, 9]))).toEqual([
      { startVersion: 2, endVersion: 3 },
      { startVersion: 5, endVersion: 5 },
    ]);
    expect(missingVersions(rowsetsOf([2, 3]))).toEqual([{ startVersion: 0, endVersion: 1 }]);
    expect(missingVersions(tablet)).toEqual([]);
  });

  it('sizes merged outputs in target-size segments', () => {
    expect(segmentsFor(0)).toBe(0);
    expect(segmentsFor(1)).toBe(1);
    expect(segmentsFor(SEGMENT_TARGET_BYTES + 1)).toBe(2);
  });
});
