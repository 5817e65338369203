import { createHash, randomUUID } from 'node:crypto';

/**
 * Event IDs for one decision. With an idempotency key they are derived from it, so a retried
 * request that decides the same events at the same revision is recognised by the store
 * (SQLite and EventStoreDB alike) and appends nothing.
 */
export function eventIds(count: number, seed?: { tenant: string; key: string; stream: string }): string[] {
  return Array.from({ length: count }, (_, index) => (seed ? deterministicUuid(seed, index) : randomUUID()));
}

function deterministicUuid(seed: { tenant: string; key: string; stream: string }, index: number): string {
  const hex = createHash('sha256')
    .update(`${seed.tenant}\n${seed.key}\n${seed.stream}\n${index}`)
    .digest('hex');
  // Shaped as a version-5 style UUID so EventStoreDB accepts it as an event id.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
