/**
 * TEST HELPER. Opens the EventStoreDB adapter against a live server when
 * EVENTSTORE_CONNECTION_STRING is set, else against a fresh in-memory gRPC test double.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '../../libs/eventstore/src/esdb/eventstoredb-event-store';
import { EventStore, EventStoreUnavailableError, NewEvent } from '../../libs/eventstore/src/event-store.port';
import { newEvent } from '../../libs/eventstore/test/event-store.contract';
import { EsdbTestServer, EsdbTestServerOptions } from './esdb-test-server';

export const liveConnectionString = process.env.EVENTSTORE_CONNECTION_STRING || undefined;

export interface EsdbStoreFixture {
  /** Undefined against a live server. */
  server?: EsdbTestServer;
  store: EventStoreDbEventStore;
  cleanup(): Promise<void>;
}

export async function openEsdbStore(options: EsdbTestServerOptions = {}): Promise<EsdbStoreFixture> {
  const server = liveConnectionString ? undefined : await EsdbTestServer.start(options);
  const store = new EventStoreDbEventStore(
    liveConnectionString ?? (server as EsdbTestServer).connectionString,
  );
  return {
    server,
    store,
    async cleanup() {
      await store.close();
      await server?.stop();
    },
  };
}

export const testStream = (category: string) => `${category}-acme/${randomUUID()}`;

/** `count` events typed `${prefix}0`, `${prefix}1`…, each with a `size`-character payload if given. */
export const testEvents = (prefix: string, count: number, size = 0): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent(`${prefix}${i}`, size ? { blob: 'x'.repeat(size) } : {}));

/** Appends like the kernel pipeline: after "unavailable", the same events at the same revision. */
export async function appendWithRetry(
  store: EventStore,
  stream: string,
  events: NewEvent[],
  expected: bigint | 'no_stream',
) {
  for (;;) {
    try {
      return await store.append(stream, events, expected);
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }
}
