import { addPeriod, formatInterval, intervalContains, parseInterval } from './interval.value-object';
import { formatIsoInstant, parseIsoInstant } from './iso-instant.value-object';

const iso = (text: string) => {
  const instant = parseIsoInstant(text);
  return instant === undefined ? undefined : formatIsoInstant(instant);
};

describe('ISO instants as Druid reads them: edge cases', () => {
  it.each([
    ['2015-09-12T16:00:00.5Z', '2015-09-12T16:00:00.500Z'],
    ['2015-09-12T16:00:00.123456789Z', '2015-09-12T16:00:00.123Z'],
    ['2015-09-12T16:00:00-05:00', '2015-09-12T21:00:00.000Z'],
    ['2015-09-12T16:00:00+0530', '2015-09-12T10:30:00.000Z'],
    ['2015-09-12T16:00:00+05', '2015-09-12T11:00:00.000Z'],
    ['2015-09-12T23:59:59Z', '2015-09-12T23:59:59.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['2023-01-31', '2023-01-31T00:00:00.000Z'],
    ['2023-12-01', '2023-12-01T00:00:00.000Z'],
    ['0000-01-01', '0000-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-01-01T24:00:00Z',
    '2023-01-01T00:60:00Z',
    '2023-01-01T00:00:60Z',
    '0000-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-01:00',
    'x2023-01-01',
  ])('refuses %s', (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });

  it('prints any number of distinct instants correctly (its cache is bounded)', () => {
    const base = Date.UTC(2020, 0, 1);
    for (let i = 0; i < 5000; i++) {
      const instant = base + i * 1000;
      expect(formatIsoInstant(instant)).toBe(new Date(instant).toISOString());
    }
  });
});

describe('Joda intervals: edge cases', () => {
  const text = (value: string) => {
    const interval = parseInterval(value);
    return interval && formatInterval(interval);
  };

  it.each([
    ['2015-09-12T08:00:00.000Z/PT2H', '2015-09-12T08:00:00.000Z/2015-09-12T10:00:00.000Z'],
    ['P1D/2015-09-13T00:00:00.000Z', '2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z'],
    ['2015-01-31/P1M', '2015-01-31T00:00:00.000Z/2015-02-28T00:00:00.000Z'],
    ['2015-01-01/P1Y2M1W1DT1H1M1.5S', '2015-01-01T00:00:00.000Z/2016-03-09T01:01:01.500Z'],
  ])('reads %s as %s', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it.each([
    '2015-09-12',
    '2015-09-12/2015-09-13/2015-09-14',
    '2015-09-13/2015-09-12',
    '2015-09-12/2015-09-12',
    '2015-09-12/P',
    '2015-09-12/PT',
    '2015-09-12/P1DT',
    'P1D/P1D',
    '2015-09-12/x',
    'x/2015-09-12',
  ])('refuses %s', (value) => {
    expect(parseInterval(value)).toBeUndefined();
  });

  it('reads a bare P, or a period ending in T, as no period', () => {
    expect(addPeriod(0, 'P', 1)).toBeUndefined();
    expect(addPeriod(0, 'P1DT', 1)).toBeUndefined();
    expect(addPeriod(0, 'P1D', 1)).toBe(86400000);
  });

  it('subtracts a period before an end', () => {
    expect(addPeriod(Date.UTC(2015, 2, 31), 'P1M', -1)).toBe(Date.UTC(2015, 1, 28));
  });

  it('contains an interval only when both ends lie inside, ends included', () => {
    const outer = { start: 10, end: 20 };
    expect(intervalContains(outer, { start: 10, end: 20 })).toBe(true);
    expect(intervalContains(outer, { start: 11, end: 19 })).toBe(true);
    expect(intervalContains(outer, { start: 9, end: 19 })).toBe(false);
    expect(intervalContains(outer, { start: 11, end: 21 })).toBe(false);
  });
});
