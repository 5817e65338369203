import fc from 'fast-check';
import {
  containsPart,
  formatPartName,
  isUnsafeFileName,
  parsePartName,
  splitDetachedName,
} from './part-name.value-object';

describe('part names', () => {
  const info = fc.record({
    partitionId: fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/),
    minBlock: fc.nat(1_000_000),
    span: fc.nat(1000),
    level: fc.nat(50),
    mutation: fc.nat(1_000_000),
  });

  it('formats and parses back every valid part', () => {
    fc.assert(
      fc.property(info, ({ span, ...rest }) => {
        const part = { ...rest, maxBlock: rest.minBlock + span };
        expect(parsePartName(formatPartName(part))).toEqual(part);
      }),
    );
  });

  it('omits the mutation when it is 0 and refuses malformed names', () => {
    expect(formatPartName({ partitionId: 'all', minBlock: 1, maxBlock: 1, level: 0, mutation: 0 })).toBe(
      'all_1_1_0',
    );
    for (const bad of ['all_2_1_0', 'all_1_1', 'a_b_1_1_0_0', 'all_01_1_0', 'a/b_1_1_0', ''])
      expect(parsePartName(bad)).toBeUndefined();
  });

  it('splits the reason prefix of detached names', () => {
    expect(splitDetachedName('broken_all_1_1_0')).toEqual({ reason: 'broken', partName: 'all_1_1_0' });
    expect(splitDetachedName('all_1_1_0')).toEqual({ reason: '', partName: 'all_1_1_0' });
    expect(splitDetachedName('attaching_202001_3_3_0')).toEqual({
      reason: 'attaching',
      partName: '202001_3_3_0',
    });
  });

  it('applies the containment rule', () => {
    const p = (min: number, max: number, level: number) => ({
      partitionId: 'p',
      minBlock: min,
      maxBlock: max,
      level,
      mutation: 0,
    });
    expect(containsPart(p(1, 3, 1), p(2, 2, 0))).toBe(true);
    expect(containsPart(p(1, 3, 0), p(2, 2, 0))).toBe(false);
    expect(containsPart(p(2, 2, 0), p(2, 2, 0))).toBe(true);
    expect(containsPart(p(1, 2, 1), p(2, 3, 0))).toBe(false);
    expect(containsPart(p(1, 3, 1), { ...p(2, 2, 0), partitionId: 'q' })).toBe(false);
  });

  it('lets the level alone decide between parts over the same blocks', () => {
    // Given two parts over exactly the same blocks, only their levels differ:
    const low = { partitionId: 'p', minBlock: 4, maxBlock: 6, level: 1, mutation: 0 };
    const high = { ...low, level: 2 };
    // then the higher (a merge of the other) contains the lower, never the reverse.
    expect(containsPart(high, low)).toBe(true);
    expect(containsPart(low, high)).toBe(false);
    // And a wider span does not make up for a lower level.
    expect(containsPart({ ...low, minBlock: 1, maxBlock: 9, level: 0 }, high)).toBe(false);
  });

  it('flags names that escape the directory', () => {
    for (const bad of ['../x', 'a/b', '.', '..']) expect(isUnsafeFileName(bad)).toBe(true);
    expect(isUnsafeFileName('all_1_1_0')).toBe(false);
  });
});
