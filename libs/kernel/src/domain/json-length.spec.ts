import fc from 'fast-check';
import { jsonLength } from './json-length';

describe('jsonLength', () => {
  it('is the length JSON.stringify gives, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonLength(value)).toBe(JSON.stringify(value).length);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts escapes, lone surrogates and skipped undefined members like JSON.stringify', () => {
    const value = {
      a: 'quote " backslash \\ newline \n',
      b: '\ud800',
      c: undefined,
      d: [undefined, 1.5, -0, 1e21],
    };
    expect(jsonLength(value)).toBe(JSON.stringify(value).length);
  });
});
