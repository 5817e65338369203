import { RequestValidationError } from '@engine/kernel';

/**
 * Reads an untyped JSON body field by field. Any wrong type is a 400 naming the field, the way
 * LakeFormation's Jackson reader reports a TypeMismatchException; content rules are the domain's.
 */
export type Reader<T> = (value: unknown, path: string) => T;
export type JsonObject = Record<string, unknown>;

const mismatch = (path: string, expected: string) =>
  new RequestValidationError([`Type mismatch: ${path} must be ${expected}`]);

export const object: Reader<JsonObject> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw mismatch(path || 'the body', 'an object');
  }
  return value as JsonObject;
};

export const string: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw mismatch(path, 'a string');
  return value;
};

/** Jackson also reads "true"/"false" as booleans; the seed's own example sends "false". */
export const boolean: Reader<boolean> = (value, path) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw mismatch(path, 'a boolean');
};

export const integer: Reader<number> = (value, path) => {
  const n = typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw mismatch(path, 'an integer');
  return n;
};

export function arrayOf<T>(item: Reader<T>): Reader<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw mismatch(path, 'an array');
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

export const stringMap: Reader<Record<string, string>> = (value, path) => {
  const map = object(value, path);
  for (const [key, v] of Object.entries(map)) string(v, `${path}.${key}`);
  return map as Record<string, string>;
};

/** A mandatory field; null counts as missing. */
export function required<T>(obj: JsonObject, key: string, path: string, read: Reader<T>): T {
  const at = path ? `${path}.${key}` : key;
  const value = obj[key];
  if (value === undefined || value === null) throw new RequestValidationError([`${at} is mandatory`]);
  return read(value, at);
}

export function optional<T>(obj: JsonObject, key: string, path: string, read: Reader<T>): T | undefined {
  const value = obj[key];
  return value === undefined || value === null ? undefined : read(value, path ? `${path}.${key}` : key);
}
