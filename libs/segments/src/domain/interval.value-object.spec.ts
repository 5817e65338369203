import { formatInterval, parseInterval } from './interval.value-object';

const parsed = (text: string) => {
  const interval = parseInterval(text);
  return interval && formatInterval(interval);
};

// BEHAVIOUR.md §6: Druid reads intervals with Joda's Interval, which takes start/end,
// start/period and period/end.
describe('Joda intervals', () => {
  it('given start/end, when parsed, then it is kept', () => {
    expect(parsed('2015-09-12T08:00:00.000Z/2015-09-12T10:00:00.000Z')).toBe(
      '2015-09-12T08:00:00.000Z/2015-09-12T10:00:00.000Z',
    );
  });

  it.each([
    ['2015-09-12T08:00:00.000Z/PT2H', '2015-09-12T08:00:00.000Z/2015-09-12T10:00:00.000Z'],
    ['2015-09-12T00:00:00.000Z/P1D', '2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z'],
    ['2015-09-12T00:00:00.000Z/P1W', '2015-09-12T00:00:00.000Z/2015-09-19T00:00:00.000Z'],
    ['2015-01-31T00:00:00.000Z/P1M', '2015-01-31T00:00:00.000Z/2015-02-28T00:00:00.000Z'],
    ['2015-09-12T00:00:00.000Z/P1Y2M3DT4H5M6.5S', '2015-09-12T00:00:00.000Z/2016-11-15T04:05:06.500Z'],
    ['PT2H/2015-09-12T10:00:00.000Z', '2015-09-12T08:00:00.000Z/2015-09-12T10:00:00.000Z'],
  ])('given %s, when parsed, then it is %s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it.each([
    '2015-09-12T08:00:00.000Z/P',
    '2015-09-12T08:00:00.000Z/PT',
    'PT1H/PT2H',
    '2015-09-12T08:00:00.000Z/P-1D',
  ])('given %s, when parsed, then it is refused', (text) => {
    expect(parseInterval(text)).toBeUndefined();
  });
});
