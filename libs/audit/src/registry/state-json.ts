/**
 * Default JSON view of a decider state: states use Maps and Sets for speed, which
 * JSON.stringify would render as `{}`.
 */
export function toJsonState(value: unknown): unknown {
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([key]) => typeof key === 'string'))
      return Object.fromEntries(entries.map(([key, v]) => [key, toJsonState(v)]));
    return entries.map(([key, v]) => [toJsonState(key), toJsonState(v)]);
  }
  if (value instanceof Set) return [...value].map(toJsonState);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonState);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toJsonState(v)]));
  }
  return value;
}
