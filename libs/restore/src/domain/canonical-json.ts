/**
 * Canonical JSON (object keys sorted) so that two equal subject values always print the same,
 * and a short fingerprint of a whole aggregate's subjects. Pure: no crypto module in domain/.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Two independent 32-bit FNV-1a variants: 64 bits, plenty to tell two states apart. */
export function fingerprintOf(subjects: ReadonlyMap<string, unknown>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  const keys = [...subjects.keys()].sort();
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193 + 2);
    }
  };
  for (const key of keys) {
    feed(key);
    feed('\u0000');
    feed(canonicalJson(subjects.get(key)));
    feed('\u0001');
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
