import {
  compareSegmentIds,
  MAX_PARTITION_NUM,
  parseSegmentIdCandidates,
  parseSegmentIdWithoutDatasource,
  SegmentId,
} from './segment-id.value-object';

const START = '2015-09-12T16:00:00.000Z';
const END = '2015-09-12T17:00:00.000Z';
const readings = (datasource: string, text: string) =>
  parseSegmentIdCandidates(datasource, text).map((id) => [id.version, id.partitionNum]);

describe('segment IDs: edge cases', () => {
  it('reads nothing for an empty datasource, another datasource, or an empty interval', () => {
    expect(parseSegmentIdCandidates('', `_${START}_${END}_v`)).toEqual([]);
    expect(parseSegmentIdCandidates('ds', `dsx_${START}_${END}_v`)).toEqual([]);
    expect(parseSegmentIdCandidates('ds', `ds_${START}_${START}_v`)).toEqual([]);
  });

  it('reads a numeric version without a trail as the version, not as a partition number', () => {
    expect(readings('ds', `ds_${START}_${END}_5`)).toEqual([['5', 0]]);
  });

  it('reads a trail up to the largest partition number as one, and a larger one as version text', () => {
    expect(readings('ds', `ds_${START}_${END}_v_${MAX_PARTITION_NUM}`)).toEqual([
      ['v', MAX_PARTITION_NUM],
      [`v_${MAX_PARTITION_NUM}`, 0],
    ]);
    expect(readings('ds', `ds_${START}_${END}_v_${MAX_PARTITION_NUM + 1}`)).toEqual([
      [`v_${MAX_PARTITION_NUM + 1}`, 0],
    ]);
    expect(readings('ds', `ds_${START}_${END}_v_1a`)).toEqual([['v_1a', 0]]);
  });

  it('without a datasource, reads date-only instants too (no date-time to guess the datasource by)', () => {
    expect(
      parseSegmentIdWithoutDatasource('a_b_2015-09-12_2015-09-13_v').map((id) => [id.datasource, id.version]),
    ).toEqual([['a_b', 'v']]);
  });

  it('without a datasource, puts the prefix before the first date-time first, even when a shorter one parses', () => {
    // 'a' parses too (a date-only start), but 'a_2015-09-12' is followed by a full date-time.
    const text = 'a_2015-09-12_2015-09-12T01:00:00.000Z_2015-09-13T00:00:00.000Z_v';
    expect(parseSegmentIdWithoutDatasource(text).map((id) => [id.datasource, id.version])).toEqual([
      ['a_2015-09-12', 'v'],
      ['a', '2015-09-13T00:00:00.000Z_v'],
    ]);
  });

  it('without a datasource, guesses by a date-time after a `_` past the first character only', () => {
    const datasources = (text: string) => parseSegmentIdWithoutDatasource(text).map((id) => id.datasource);
    const tail = '2015-09-12_2015-09-12T01:00:00.000Z_2015-09-13T00:00:00.000Z_v';
    // A date-time glued to the text before it is no guess; the next one, after a `_`, is.
    expect(datasources(`xy2015-09-12T00:00:00.000Z_${tail}`)).toEqual([
      'xy2015-09-12T00:00:00.000Z_2015-09-12',
      'xy2015-09-12T00:00:00.000Z',
    ]);
    // A date-time right after a leading `_` would leave an empty datasource: no guess either.
    expect(datasources(`_2015-09-12T00:00:00.000Z_${tail}`)).toEqual([
      '_2015-09-12T00:00:00.000Z_2015-09-12',
      '_2015-09-12T00:00:00.000Z',
    ]);
  });

  it("orders by datasource, then start before end, then version and partition number (Druid's order)", () => {
    const id = (over: Partial<SegmentId>): SegmentId => ({
      datasource: 'a',
      start: 1,
      end: 10,
      version: 'v1',
      partitionNum: 0,
      ...over,
    });
    expect(compareSegmentIds(id({ datasource: 'b' }), id({}))).toBe(1);
    expect(compareSegmentIds(id({}), id({ datasource: 'b' }))).toBe(-1);
    expect(compareSegmentIds(id({ start: 1, end: 10 }), id({ start: 2, end: 5 }))).toBeLessThan(0);
    expect(compareSegmentIds(id({ start: 3, end: 5 }), id({ start: 2, end: 10 }))).toBeGreaterThan(0);
    expect(compareSegmentIds(id({ end: 9 }), id({}))).toBeLessThan(0);
    expect(compareSegmentIds(id({ version: 'v2' }), id({}))).toBe(1);
    expect(compareSegmentIds(id({}), id({ version: 'v2' }))).toBe(-1);
    expect(compareSegmentIds(id({ partitionNum: 2 }), id({}))).toBeGreaterThan(0);
    expect(compareSegmentIds(id({}), id({}))).toBe(0);
  });
});
