import { createHash, randomUUID } from 'node:crypto';

/** What makes one append of one idempotent request unique. */
export interface EventIdSeed {
  tenant: string;
  key: string;
  fingerprint: string;
  stream: string;
  seq: number;
}

/**
 * Event IDs for one decision. With an idempotency key they are derived from the key, the
 * request's fingerprint and the append's place in the request, so a retry of the same request
 * is recognised by the store (SQLite and EventStoreDB alike) and a different request under the
 * same key never is.
 */
export function eventIds(count: number, seed?: EventIdSeed): string[] {
  return Array.from({ length: count }, (_, index) => (seed ? deterministicUuid(seed, index) : randomUUID()));
}

function deterministicUuid(seed: EventIdSeed, index: number): string {
  const hex = createHash('sha256')
    .update(`${seed.tenant}\n${seed.key}\n${seed.fingerprint}\n${seed.stream}\n${seed.seq}\n${index}`)
    .digest('hex');
  // Shaped as a version-5 style UUID so EventStoreDB accepts it as an event id.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
