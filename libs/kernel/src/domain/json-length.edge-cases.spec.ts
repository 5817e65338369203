import { jsonLength } from './json-length';

/** What fast-check's JSON values never hold: functions and values JSON.stringify drops. */
describe('jsonLength beyond plain JSON', () => {
  it('counts a function in an array as null, as JSON.stringify writes it', () => {
    const value = [() => 1, 2];
    expect(JSON.stringify(value)).toBe('[null,2]');
    expect(jsonLength(value)).toBe('[null,2]'.length);
  });

  it('skips a function member of an object, as JSON.stringify does', () => {
    const value = { a: 1, skipped: () => 1 };
    expect(JSON.stringify(value)).toBe('{"a":1}');
    expect(jsonLength(value)).toBe('{"a":1}'.length);
  });

  it('gives 0 for a value JSON.stringify has no text for', () => {
    expect(jsonLength(undefined)).toBe(0);
    expect(jsonLength(() => 1)).toBe(0);
    expect(jsonLength(Symbol('s'))).toBe(0);
  });
});
