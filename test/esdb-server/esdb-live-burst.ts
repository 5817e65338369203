/**
 * TEST HELPER. A filtered subscription is live on the EventStoreDB adapter while another
 * writer (as another process would) appends a burst of events it does not want; measures how
 * far behind the head it falls and how it reaches the head afterwards. Shared by the spec
 * (a small burst) and bench/eventstore/esdb-live-burst.bench.ts (100,000 events).
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '../../libs/eventstore/src/esdb/eventstoredb-event-store';
import { SubscriptionItem } from '../../libs/eventstore/src/event-store.port';
import { testEvents } from './esdb-store-fixture';
import { EsdbTestServer } from './esdb-test-server';

export interface BurstResult {
  version: string;
  events: number;
  /** Most events between the head and the subscription's position, sampled at each item and append. */
  maxLagEvents: number;
  /** Lag once the burst was written, before it caught up. */
  lagAtEndOfBurst: number;
  backwardsAllReads: number;
  fellBehind: number;
  items: number;
  /** Whether the subscription reached the last burst event. */
  reachedHead: boolean;
  millis: number;
}

export async function runLiveBurst(version: string, events: number, batch = 100): Promise<BurstResult> {
  const server = await EsdbTestServer.start({ version });
  const reader = new EventStoreDbEventStore(server.connectionString);
  const writer = new EventStoreDbEventStore(server.connectionString);
  const started = Date.now();
  try {
    const subscription = reader.subscribeAll({ filter: { categories: ['wanted'] } });
    let position = 0n;
    let maxLag = 0;
    let items = 0;
    const lag = () => {
      const log = server.log;
      return log.all.length - log.indexAfter(position, position);
    };
    let target: bigint | undefined = undefined;
    let reached!: () => void;
    const reachedHead = new Promise<void>((resolve) => (reached = resolve));
    const consuming = (async () => {
      for await (const item of subscription as AsyncIterable<SubscriptionItem>) {
        items++;
        position = item.kind === 'event' ? item.event.position : item.position;
        maxLag = Math.max(maxLag, lag());
        if (target !== undefined && position >= target) reached();
      }
    })();
    // Live first: one wanted event delivered.
    const first = await writer.append(`wanted-acme/${randomUUID()}`, testEvents('Wanted', 1), 'no_stream');
    while (position < first.position) await new Promise((resolve) => setTimeout(resolve, 5));
    const noise = `noise-acme/${randomUUID()}`;
    let expected: bigint | 'no_stream' = 'no_stream';
    let last = 0n;
    for (let written = 0; written < events; written += batch) {
      const result = await writer.append(
        noise,
        testEvents('Noise', Math.min(batch, events - written)),
        expected,
      );
      expected = result.nextRevision;
      last = result.position;
      maxLag = Math.max(maxLag, lag());
    }
    const lagAtEndOfBurst = lag();
    target = last;
    if (position >= last) reached();
    await reachedHead;
    await subscription.close();
    await consuming;
    return {
      version,
      events,
      maxLagEvents: maxLag,
      lagAtEndOfBurst,
      backwardsAllReads: server.stats.backwardsAllReads,
      fellBehind: server.stats.fellBehind,
      items,
      reachedHead: position >= last,
      millis: Date.now() - started,
    };
  } finally {
    await writer.close();
    await reader.close();
    await server.stop();
  }
}
