import fc from 'fast-check';
import { parseIsoInstant } from './iso-instant.value-object';
import {
  compareSegmentIds,
  formatSegmentId,
  parseSegmentIdCandidates,
  parseSegmentIdWithoutDatasource,
  SegmentId,
} from './segment-id.value-object';

const at = (iso: string): number => parseIsoInstant(iso) as number;
const WIKI = 'wikipedia_hour_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z_2023-08-10T04:12:03.860Z';
const wiki: SegmentId = {
  datasource: 'wikipedia_hour',
  start: at('2015-09-12T16:00:00.000Z'),
  end: at('2015-09-12T17:00:00.000Z'),
  version: '2023-08-10T04:12:03.860Z',
  partitionNum: 0,
};

describe('segment ID', () => {
  it('formats without a partition trail when partitionNum is 0', () => {
    expect(formatSegmentId(wiki)).toBe(WIKI);
    expect(formatSegmentId({ ...wiki, partitionNum: 3 })).toBe(`${WIKI}_3`);
  });

  it('parses with a datasource that contains underscores', () => {
    expect(parseSegmentIdCandidates('wikipedia_hour', WIKI)).toEqual([wiki]);
  });

  it('reads a positive integer trail as partitionNum first, then as part of the version', () => {
    expect(parseSegmentIdCandidates('wikipedia_hour', `${WIKI}_7`)).toEqual([
      { ...wiki, partitionNum: 7 },
      { ...wiki, version: `${wiki.version}_7` },
    ]);
  });

  it('keeps `_0` and negative trails in the version', () => {
    expect(parseSegmentIdCandidates('wikipedia_hour', `${WIKI}_0`)).toEqual([
      { ...wiki, version: `${wiki.version}_0` },
    ]);
    expect(parseSegmentIdCandidates('wikipedia_hour', `${WIKI}_-2`)).toEqual([
      { ...wiki, version: `${wiki.version}_-2` },
    ]);
  });

  it('accepts other ISO forms and prints them canonically', () => {
    const [parsed] = parseSegmentIdCandidates('ds', 'ds_2015-09-12_2015-09-12T17:00+01:00_v1');
    expect(formatSegmentId(parsed)).toBe('ds_2015-09-12T00:00:00.000Z_2015-09-12T16:00:00.000Z_v1');
  });

  it.each([
    ['another datasource', 'wikipedia', WIKI.replace('wikipedia_hour', 'koala')],
    ['too few pieces', 'ds', 'ds_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z'],
    ['a start that is not a date-time', 'ds', 'ds_yesterday_2015-09-12T17:00:00.000Z_v1'],
    ['start not before end', 'ds', 'ds_2015-09-12T17:00:00.000Z_2015-09-12T16:00:00.000Z_v1'],
    ['an impossible date', 'ds', 'ds_2015-02-30T00:00:00.000Z_2015-03-01T00:00:00.000Z_v1'],
  ])('does not parse with %s', (_case, datasource, text) => {
    expect(parseSegmentIdCandidates(datasource, text)).toEqual([]);
  });

  it('without a datasource, tries the most probable datasource first, then every other prefix', () => {
    const text = 'a_b_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z_v_1';
    expect(
      parseSegmentIdWithoutDatasource(text).map((id) => [id.datasource, id.version, id.partitionNum]),
    ).toEqual([
      ['a_b', 'v', 1],
      ['a_b', 'v_1', 0],
    ]);
    const odd =
      'x_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z_2015-09-13T00:00:00.000Z_2015-09-14T00:00:00.000Z_v';
    expect(parseSegmentIdWithoutDatasource(odd).map((id) => [id.datasource, id.version])).toEqual([
      ['x', '2015-09-13T00:00:00.000Z_2015-09-14T00:00:00.000Z_v'],
      ['x_2015-09-12T16:00:00.000Z', '2015-09-14T00:00:00.000Z_v'],
      ['x_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z', 'v'],
    ]);
  });

  it('orders by datasource, start, end, version, partitionNum', () => {
    const ids = [
      { ...wiki, partitionNum: 1 },
      { ...wiki, version: 'a' },
      { ...wiki, end: wiki.end + 1 },
      wiki,
      { ...wiki, datasource: 'a' },
    ];
    expect([...ids].sort(compareSegmentIds)).toEqual([ids[4], ids[3], ids[0], ids[1], ids[2]]);
  });

  describe('properties', () => {
    const piece = fc.stringMatching(/^[A-Za-z0-9.:\-_]{1,12}$/);
    const segmentId = fc
      .record({
        datasource: piece.filter((s) => !s.startsWith('_')),
        start: fc.integer({ min: 0, max: 4102444800000 }),
        length: fc.integer({ min: 1, max: 10 ** 11 }),
        version: fc.oneof(piece, fc.constant('2023-08-10T04:12:03.860Z')),
        partitionNum: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2147483647 })),
      })
      .map(({ length, ...id }): SegmentId => ({ ...id, end: id.start + length }));

    it('format then parse with the datasource is the identity (the ID is among its readings)', () => {
      fc.assert(
        fc.property(segmentId, (id) => {
          expect(parseSegmentIdCandidates(id.datasource, formatSegmentId(id))).toContainEqual(id);
        }),
      );
    });

    it('format then parse without the datasource is the identity too', () => {
      fc.assert(
        fc.property(segmentId, (id) => {
          expect(parseSegmentIdWithoutDatasource(formatSegmentId(id))).toContainEqual(id);
        }),
      );
    });

    it('every reading prints back to the same ID', () => {
      fc.assert(
        fc.property(segmentId, (id) => {
          const text = formatSegmentId(id);
          for (const reading of parseSegmentIdCandidates(id.datasource, text)) {
            expect(formatSegmentId(reading)).toBe(text);
          }
        }),
      );
    });
  });
});
