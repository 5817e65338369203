import fc from 'fast-check';
import { checkJson, JsonLimits } from './json-guard';

const roomy: JsonLimits = { depth: 100, arrayLength: 1000, stringLength: 10_000 };

/** The same rules computed on the parsed value, the slow obvious way. */
function reference(value: unknown, limits: JsonLimits, depth = 0): string | undefined {
  if (typeof value === 'string') {
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value))
      return 'surrogate';
    return JSON.stringify(value).length - 2 > limits.stringLength ? 'string' : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth + 1 > limits.depth) return 'depth';
  if (Array.isArray(value)) {
    if (value.length > limits.arrayLength) return 'array';
    for (const item of value) {
      const problem = reference(item, limits, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const problem = reference(key, limits, depth) ?? reference(item, limits, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

const kind = (message: string | undefined): string | undefined =>
  message === undefined
    ? undefined
    : /surrogate/.test(message)
      ? 'surrogate'
      : /nested/.test(message)
        ? 'depth'
        : /array/.test(message)
          ? 'array'
          : /string/.test(message)
            ? 'string'
            : message;

describe('checkJson (the scan before JSON.parse)', () => {
  it('given JSON within its limits, when scanned, then it passes', () => {
    expect(
      checkJson('{"a":[1,-2.5e+3,true,null,"x\\"y"],"b":{"c":"\\ud83d\\ude00"}}', roomy),
    ).toBeUndefined();
    expect(checkJson('[]', roomy)).toBeUndefined();
    expect(checkJson('"plain"', roomy)).toBeUndefined();
  });

  it('given nesting, arrays or strings over a limit, when scanned, then it names the limit', () => {
    const tight: JsonLimits = { depth: 3, arrayLength: 2, stringLength: 4 };
    expect(checkJson('[[[1]]]', tight)).toBeUndefined();
    expect(checkJson('[[[[1]]]]', tight)).toBe('the JSON is nested deeper than 3 levels');
    expect(checkJson('{"a":{"b":{"c":{}}}}', tight)).toBe('the JSON is nested deeper than 3 levels');
    expect(checkJson('[1,"a"]', tight)).toBeUndefined();
    expect(checkJson('[1,"a",{}]', tight)).toBe('an array has more than 2 items');
    expect(checkJson('[truefalse]', tight)).toBeUndefined(); // syntax is JSON.parse's concern
    expect(checkJson('{"abcd":"abcde"}', tight)).toBe('a string is longer than 4 characters');
  });

  it('given a __proto__ or constructor key, however escaped, when scanned, then it is refused', () => {
    expect(checkJson('{"__proto__":{}}', roomy)).toBe('the key "__proto__" is not allowed');
    expect(checkJson('{"a":[{"\\u005f_proto__":1}]}', roomy)).toBe('the key "__proto__" is not allowed');
    expect(checkJson('{"constructor":{"prototype":{}}}', roomy)).toBe('the key "constructor" is not allowed');
    // As values they are plain strings.
    expect(checkJson('{"a":"__proto__","b":["constructor"]}', roomy)).toBeUndefined();
  });

  it('given a lone surrogate escape, when scanned, then it is refused; a pair passes', () => {
    for (const text of ['"\\ud800"', '"\\ud800x"', '"\\udc00"', '"\\ud800\\ud800"', '"\\ud800\\n"']) {
      expect([text, checkJson(text, roomy)]).toEqual([text, 'a string holds a lone UTF-16 surrogate']);
    }
    expect(checkJson('"\\uD83D\\uDE00"', roomy)).toBeUndefined();
  });

  it('given any JSON value and any limits, when scanned, then it agrees with the parsed value', () => {
    const limits = fc.record({
      depth: fc.integer({ min: 1, max: 6 }),
      arrayLength: fc.integer({ min: 0, max: 6 }),
      stringLength: fc.integer({ min: 0, max: 12 }),
    });
    const keyFree = (value: unknown): boolean =>
      typeof value !== 'object' || value === null
        ? true
        : Object.entries(value).every(([k, v]) => k !== '__proto__' && k !== 'constructor' && keyFree(v));
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' }).filter(keyFree),
        limits,
        (value, bounds) => {
          expect(kind(checkJson(JSON.stringify(value), bounds)) !== undefined).toBe(
            reference(value, bounds) !== undefined,
          );
        },
      ),
      { seed: 17, numRuns: 500 },
    );
  });
});
