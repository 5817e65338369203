/** Bounds a JSON body must respect before anything parses it into objects. */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  depth: number;
  /** Most items in any one array. */
  arrayLength: number;
  /** Longest string (key or value), in UTF-16 code units of its JSON text. */
  stringLength: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { depth: 32, arrayLength: 10_000, stringLength: 64 * 1024 };

const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

interface Container {
  array: boolean;
  items: number;
}

/**
 * Keys no body may hold: `__proto__` would replace a DTO's prototype when copied onto it, and an
 * own `constructor` hides the DTO's class from class-validator, which then validates nothing
 * (both answered 201 for invalid bodies). Fastify refuses `__proto__` and `constructor.prototype`;
 * the validators here need `constructor` itself refused.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

/**
 * One linear pass over JSON text that answers the first reason to refuse it, or undefined.
 * It runs before JSON.parse, so a hostile body costs a scan, never a deep or huge object graph:
 * nesting, array length and string length are bounded; `__proto__` and `constructor` keys are
 * refused (FORBIDDEN_KEYS); a lone UTF-16 surrogate escape is refused (it cannot be encoded
 * back into a URL, a stream name or UTF-8).
 * Syntax is left to JSON.parse: the scan only has to be right for text JSON.parse accepts.
 */
export function checkJson(text: string, limits: JsonLimits): string | undefined {
  const stack: Container[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      let highSurrogatePending = false;
      i = start;
      for (;;) {
        // Jump to the next quote or backslash at native speed: the bulk of a body is plain text.
        STRING_SPECIAL.lastIndex = i;
        const found = STRING_SPECIAL.exec(text);
        const at = found ? found.index : text.length;
        if (highSurrogatePending && at > i) return LONE_SURROGATE;
        i = at;
        if (i >= text.length || text.charCodeAt(i) === QUOTE) break;
        escaped = true;
        if (text.charCodeAt(i + 1) === 0x75 /* u */) {
          const unit = parseInt(text.slice(i + 2, i + 6), 16);
          if (unit >= 0xd800 && unit <= 0xdbff) {
            if (highSurrogatePending) return LONE_SURROGATE;
            highSurrogatePending = true;
          } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            if (!highSurrogatePending) return LONE_SURROGATE;
            highSurrogatePending = false;
          } else if (highSurrogatePending) return LONE_SURROGATE;
          i += 6;
        } else {
          if (highSurrogatePending) return LONE_SURROGATE;
          i += 2;
        }
      }
      if (highSurrogatePending) return LONE_SURROGATE;
      if (i - start > limits.stringLength) return `a string is longer than ${limits.stringLength} characters`;
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        const key = escaped ? decodeKey(text.slice(start - 1, i + 1)) : text.slice(start, i);
        if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
        expectKey = false;
      } else {
        countItem(stack);
        if (tooLong(stack, limits)) return tooManyItems(limits);
      }
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      countItem(stack);
      if (tooLong(stack, limits)) return tooManyItems(limits);
      if (stack.length >= limits.depth) return `the JSON is nested deeper than ${limits.depth} levels`;
      stack.push({ array: c === OPEN_ARRAY, items: 0 });
      expectKey = c === OPEN_OBJECT;
      continue;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
      continue;
    }
    if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top && !top.array) expectKey = true;
      continue;
    }
    if (c === COLON) {
      continue;
    }
    // A scalar (number, true, false, null) or whitespace: an array counts it at its first character.
    if (c > 0x20 && isScalarStart(text, i)) {
      countItem(stack);
      if (tooLong(stack, limits)) return tooManyItems(limits);
    }
  }
  return undefined;
}

const LONE_SURROGATE = 'a string holds a lone UTF-16 surrogate';
const STRING_SPECIAL = /["\\]/g;

const tooManyItems = (limits: JsonLimits) => `an array has more than ${limits.arrayLength} items`;

function tooLong(stack: Container[], limits: JsonLimits): boolean {
  const top = stack[stack.length - 1];
  return top !== undefined && top.array && top.items > limits.arrayLength;
}

/** Counts a value as an item of the enclosing array. */
function countItem(stack: Container[]): void {
  const top = stack[stack.length - 1];
  if (top?.array) top.items++;
}

/** True at the first character of a scalar: the previous non-space character is not a scalar's. */
function isScalarStart(text: string, i: number): boolean {
  const previous = text.charCodeAt(i - 1);
  return !(
    (previous >= 0x30 && previous <= 0x39) ||
    (previous >= 0x61 && previous <= 0x7a) ||
    previous === 0x2e ||
    previous === 0x2b ||
    previous === 0x2d ||
    previous === 0x45
  );
}

function decodeKey(token: string): string {
  try {
    return JSON.parse(token) as string;
  } catch {
    return token;
  }
}
