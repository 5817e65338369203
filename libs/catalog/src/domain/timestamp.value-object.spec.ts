import { DomainError } from '@engine/kernel/domain';
import { normaliseTimestamp } from './timestamp.value-object';

describe('normaliseTimestamp', () => {
  it.each([
    ['2023-05-26T08:03:42.267Z', '2023-05-26T08:03:42.267+00:00'],
    ['2023-05-30T09:06:41.372+00:00', '2023-05-30T09:06:41.372+00:00'],
    ['2023-05-30T09:06:41+08:00', '2023-05-30T01:06:41.000+00:00'],
    ['2023-05-30T09:06:41.123456-0130', '2023-05-30T10:36:41.123+00:00'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000+00:00'],
    ['2023-03-01T00:30:00+01:00', '2023-02-28T23:30:00.000+00:00'],
    ['2024-01-01T00:30:00.5+01:00', '2023-12-31T23:30:00.500+00:00'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000+00:00'],
  ])('renders %s as %s', (input, expected) => {
    expect(normaliseTimestamp(input, 'create_time')).toBe(expected);
  });

  it.each([
    '',
    'now',
    '2023-02-29T00:00:00Z',
    '2023-13-01T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01',
    '2023-01-01T00:00:00+25',
  ])('refuses %p', (input) => {
    expect(() => normaliseTimestamp(input, 'create_time')).toThrow(DomainError);
  });
});
