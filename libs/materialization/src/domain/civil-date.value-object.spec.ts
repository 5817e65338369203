import fc from 'fast-check';
import { civilFromDays, daysFromCivil, formatDay, utcDayOf } from './civil-date.value-object';

const DAY_MS = 86_400_000;

describe('civil date arithmetic', () => {
  it('agrees with the platform calendar for every day of years 1000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -354_285, max: 2_932_896 }), (days) => {
        const date = new Date(days * DAY_MS);
        const civil = civilFromDays(days);
        expect(civil).toEqual({
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
        });
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        expect(formatDay(days)).toBe(date.toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('knows leap years', () => {
    expect(formatDay(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(formatDay(daysFromCivil(2000, 2, 29))).toBe('2000-02-29');
    expect(() => utcDayOf('2025-02-29T00:00:00')).toThrow(/no such calendar date/);
    expect(() => utcDayOf('1900-02-29')).toThrow(/no such calendar date/);
  });
});

describe('utcDayOf: seed times carry no zone and are read as UTC', () => {
  const day = (iso: string) => formatDay(utcDayOf(iso));

  it('reads zone-less date-times and dates as UTC days', () => {
    expect(day('2025-10-22T00:00:00')).toBe('2025-10-22');
    expect(day('2025-10-22T23:59:59')).toBe('2025-10-22');
    expect(day('2025-10-22T23:59:59.999')).toBe('2025-10-22');
    expect(day('2025-10-22 08:30')).toBe('2025-10-22');
    expect(day('2025-10-22')).toBe('2025-10-22');
  });

  it('does not depend on the process time zone', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      expect(day('2025-10-22T00:00:00')).toBe('2025-10-22');
      process.env.TZ = 'Pacific/Pago_Pago'; // UTC-11
      expect(day('2025-10-22T23:00:00')).toBe('2025-10-22');
    } finally {
      process.env.TZ = original;
    }
  });

  it('converts explicit offsets to UTC first', () => {
    expect(day('2025-10-22T00:00:00Z')).toBe('2025-10-22');
    expect(day('2025-10-22T00:00:00+08:00')).toBe('2025-10-21');
    expect(day('2025-10-22T07:59:59+0800')).toBe('2025-10-21');
    expect(day('2025-10-22T08:00:00+08:00')).toBe('2025-10-22');
    expect(day('2025-10-22T20:00:00-05:00')).toBe('2025-10-23');
    expect(day('2025-12-31T23:00:00-02:00')).toBe('2026-01-01');
  });

  it.each([
    ['empty', ''],
    ['not a date', 'yesterday'],
    ['US order', '10/22/2025'],
    ['month 13', '2025-13-01T00:00:00'],
    ['day 32', '2025-01-32T00:00:00'],
    ['hour 24', '2025-01-01T24:00:00'],
    ['minute 60', '2025-01-01T10:60:00'],
    ['zone without time', '2025-01-01Z'],
    ['offset out of range', '2025-01-01T00:00:00+19:00'],
    ['five-digit year', '12025-01-01'],
    ['before year 1000', '0999-12-31T00:00:00'],
  ])('rejects %s', (_why, text) => {
    expect(() => utcDayOf(text)).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
  });
});
