import { parsePointInTime, toLoaderPoint } from '@engine/audit';
import { RequestValidationError } from '@engine/kernel';

describe('parsePointInTime (for the audit routes and every native GET)', () => {
  it('is undefined when neither asOf nor atPosition is given', () => {
    expect(parsePointInTime({})).toBeUndefined();
    expect(parsePointInTime({ asOf: '', atPosition: '' })).toBeUndefined();
  });

  it('reads ISO-8601 dates and date-times with a zone, and positions as bigint', () => {
    expect(parsePointInTime({ asOf: '2024-03-01T10:00:00.123Z' })).toEqual({
      asOf: new Date('2024-03-01T10:00:00.123Z'),
    });
    expect(parsePointInTime({ asOf: '2024-03-01T12:00:00+02:00' })?.asOf?.toISOString()).toBe(
      '2024-03-01T10:00:00.000Z',
    );
    expect(parsePointInTime({ asOf: '2024-03-01' })?.asOf?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(parsePointInTime({ atPosition: '18446744073709551615' })).toEqual({
      atPosition: 18446744073709551615n,
    });
    expect(toLoaderPoint({ asOf: new Date(0), atPosition: 3n })).toEqual({ time: new Date(0), position: 3n });
  });

  it.each([
    [{ asOf: 'yesterday' }],
    [{ asOf: '2024-03-01T10:00:00' }],
    [{ asOf: '2024-02-30T10:00:00Z' }],
    [{ asOf: '2024-01-01T24:00:00Z' }],
    [{ asOf: '2024-13-01' }],
    [{ asOf: ['2024-03-01'] }],
    [{ atPosition: '-1' }],
    [{ atPosition: '1e3' }],
    [{ atPosition: '123456789012345678901' }],
  ])('rejects %j with a RequestValidationError (400)', (query) => {
    expect(() => parsePointInTime(query)).toThrow(RequestValidationError);
  });

  it('reads other parameter names, e.g. the two ends of a diff', () => {
    expect(parsePointInTime({ fromPosition: '7' }, { asOf: 'fromAsOf', atPosition: 'fromPosition' })).toEqual(
      {
        atPosition: 7n,
      },
    );
  });
});
