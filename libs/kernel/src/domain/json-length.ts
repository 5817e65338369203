// Characters JSON.stringify escapes (quote, backslash, control characters) or may (lone surrogates).
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The length of `JSON.stringify(value)` without building the string: a decider checks an API's
 * own size bound with it (e.g. LakeFormation's largest partition), over batches of many small
 * objects. Plain JSON data only (what events are made of).
 */
export function jsonLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value).length : value.length + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) {
        let length = 2 + Math.max(0, value.length - 1);
        for (const item of value)
          length += item === undefined || typeof item === 'function' ? 4 : jsonLength(item);
        return length;
      }
      let length = 2;
      let members = 0;
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function') continue;
        length += jsonLength(key) + 1 + jsonLength(item);
        members++;
      }
      return length + Math.max(0, members - 1);
    }
    default:
      return 0;
  }
}
