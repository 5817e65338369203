import { EventStoreDBClient, START, streamNameFilter, type Position } from '@eventstore/db-client';
import {
  openEsdbStore,
  testEvents as events,
  testStream as stream,
} from '../../../test/esdb-server/esdb-store-fixture';
import { EsdbTestServer } from '../../../test/esdb-server/esdb-test-server';
import { runLiveBurst } from '../../../test/esdb-server/esdb-live-burst';
import { versionsUnderTest } from '../../../test/esdb-server/esdb-server-version';
import { EventStoreDbEventStore } from '../src/esdb/eventstoredb-event-store';
import { Subscription, SubscriptionItem } from '../src/event-store.port';

// Server behaviours that differ by EventStoreDB / KurrentDB version, against the gRPC test
// server copying each (see test/esdb-server/esdb-server-version.ts for the sources).

const position = (item: SubscriptionItem) => (item.kind === 'event' ? item.event.position : item.position);

/** Collects a subscription's items in the background until closed. */
function collect(subscription: Subscription) {
  const items: SubscriptionItem[] = [];
  const done = (async () => {
    for await (const item of subscription) items.push(item);
  })();
  return { items, done };
}

/** Waits (bounded by the test timeout) until `until` holds, yielding to the event loop. */
async function eventually(until: () => boolean): Promise<void> {
  while (!until()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(versionsUnderTest())('EventStoreDB %s filtered $all', (version) => {
  let fixture: Awaited<ReturnType<typeof openEsdbStore>>;
  beforeEach(async () => (fixture = await openEsdbStore({ version })));
  afterEach(async () => fixture.cleanup());

  it('a subscription from the start of a fresh store, nothing matching yet, delivers what comes later', async () => {
    const { store } = fixture;
    const subscription = store.subscribeAll({ filter: { categories: ['fresh'] } });
    const { items, done } = collect(subscription);
    // Once catch-up of the (nearly) empty log is over: the sentinel came then, on 24.2-24.10.4.
    await eventually(() => (fixture.server as EsdbTestServer).wentLive > 0);
    const written = await store.append(stream('fresh'), events('Created', 1), 'no_stream');
    await eventually(() => items.some((item) => item.kind === 'event'));
    await subscription.close();
    await done;
    expect(items.filter((item) => item.kind === 'event').map(position)).toEqual([written.position]);
    // Every position handed out is a real one, never 2^64-1.
    expect(items.every((item) => position(item) <= written.position)).toBe(true);
  });
});

describe('EventStoreDB 24.10.4 sentinel checkpoint', () => {
  it('is sent by the test server as EventStoreDB 24.10.4 does, and never reaches a consumer', async () => {
    const server = await EsdbTestServer.start({ version: '24.10.4' });
    const store = new EventStoreDbEventStore(server.connectionString);
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      // Through the bare client: the server sends it on 24.10.4.
      const checkpoints: Position[] = [];
      const raw = client.subscribeToAll({
        fromPosition: START,
        filter: streamNameFilter({
          prefixes: ['nothing-'],
          checkpointReached: (_s, p) => void checkpoints.push(p),
        }),
      });
      raw.on('data', () => undefined);
      await eventually(() => checkpoints.length > 0);
      await raw.unsubscribe();
      expect(checkpoints[0]).toEqual({ commit: 18446744073709551615n, prepare: 18446744073709551615n });

      const subscription = store.subscribeAll({ filter: { categories: ['nothing'] } });
      const { items, done } = collect(subscription);
      await eventually(() => server.wentLive > 0);
      await store.append('other-acme/1', events('Other', 1), 'no_stream');
      await eventually(() => items.length > 0);
      await subscription.close();
      await done;
      expect(items.filter((item) => position(item) >= 1n << 63n)).toEqual([]);
    } finally {
      await client.dispose();
      await store.close();
      await server.stop();
    }
  });
});

describe.each(versionsUnderTest())(
  'EventStoreDB %s live mode under a burst of unwanted events',
  (version) => {
    it('keeps up: reaches the head with a checkpoint, without a backwards read per event', async () => {
      // 5,000 here to stay within seconds; bench/eventstore/esdb-live-burst.bench.ts runs 100,000.
      const result = await runLiveBurst(version, 5_000);
      process.stdout.write(`live burst: ${JSON.stringify(result)}\n`);
      expect(result.reachedHead).toBe(true);
      expect(result.backwardsAllReads).toBeLessThan(result.events / 100);
    });
  },
);

describe.each(['24.10.4', '24.10.5'])('EventStoreDB %s live buffer', (version) => {
  it('a consumer that stops reading makes the server fall behind; it gets every event once, in order', async () => {
    const fixture = await openEsdbStore({ version });
    const server = fixture.server as EsdbTestServer;
    try {
      const { store } = fixture;
      const subscription = store.subscribeAll({ filter: { categories: ['wanted'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      const s = stream('wanted');
      const first = await store.append(s, events('W', 1), 'no_stream');
      expect((await iterator.next()).value).toMatchObject({
        kind: 'event',
        event: { position: first.position },
      });
      // Not reading: the adapter's queue fills, it pauses the gRPC stream, the server's 32-entry
      // live buffer overflows and it goes back to catch-up.
      let expected = 0n;
      for (let i = 0; i < 20; i++)
        expected = (await store.append(s, events('W', 250), expected)).nextRevision;
      const written = await store.readStream(s);
      const seen: bigint[] = [first.position];
      while (seen.length < written.length) {
        const { value } = await iterator.next();
        if (value?.kind === 'event') seen.push(value.event.position);
      }
      await subscription.close();
      expect(seen).toEqual(written.map((e) => e.position));
      expect(server.stats.fellBehind).toBeGreaterThan(0);
      expect(server.wentLive).toBeGreaterThan(1);
    } finally {
      await fixture.cleanup();
    }
  });
});
