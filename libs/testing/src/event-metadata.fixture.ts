import type { EventMetadata } from '@engine/eventstore';

/** Complete event metadata for tests that only care about one or two of its fields. */
export function eventMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    tenant: 'acme',
    actor: 'a',
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    source: 'native',
    occurredAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
