import { EventStoreDbEventStore } from '../../libs/eventstore/src/esdb/eventstoredb-event-store';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../libs/eventstore/src/event-store.port';
import { newEvent } from '../../libs/eventstore/test/event-store.contract';
import {
  appendWithRetry,
  liveConnectionString,
  openEsdbStore,
  testEvents as events,
  testStream as stream,
} from './esdb-store-fixture';
import { EsdbTestServer } from './esdb-test-server';
import { versionsUnderTest } from './esdb-server-version';
import { ResubscribingConsumer } from './resubscribing-consumer';

// The EventStoreDB adapter through the real client when the server fails: these stop and
// restart the gRPC test double, so they do not run against a live server.
const describeWithDouble = liveConnectionString ? describe.skip : describe;

describeWithDouble.each(versionsUnderTest())(
  'EventStoreDB adapter: server faults (gRPC test double %s)',
  (version) => {
    let server: EsdbTestServer;
    let store: EventStoreDbEventStore;
    beforeEach(async () => {
      const opened = await openEsdbStore({ version });
      server = opened.server as EsdbTestServer;
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await server.stop();
    });

    it('a dropped subscription ends with an error; resubscribing from the last position has no gap and no duplicate', async () => {
      const s = stream('fault');
      const start = await store.headPosition();
      await store.append(s, events('Before', 3), 'no_stream');
      server.log.appendSystemEvent('$stats-node', '$statsCollected');
      const subscription = store.subscribeAll({ fromPosition: start, filter: { categories: ['fault'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      const seen: string[] = [];
      let last = start;
      const next = async () => {
        const { value } = await iterator.next();
        if (value.kind === 'event') seen.push(value.event.type);
        last = value.kind === 'event' ? value.event.position : value.position;
      };
      while (seen.length < 3) await next();

      await server.stop();
      // Items already received may still come (a checkpoint), then the iterator must throw.
      const failure = await (async () => {
        for (;;) await next();
      })().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EventStoreUnavailableError);
      expect(seen).toHaveLength(3);
      await expect(store.append(s, events('Lost', 1), 2n)).rejects.toBeInstanceOf(EventStoreUnavailableError);

      await server.restart();
      await store.append(s, events('After', 3), 2n);
      server.log.appendSystemEvent('$stats-node', '$statsCollected');
      const resumed = store.subscribeAll({ fromPosition: last, filter: { categories: ['fault'] } });
      for await (const item of resumed) {
        if (item.kind === 'event') seen.push(item.event.type);
        if (seen.length >= 6) break;
      }
      expect(seen).toEqual(['Before0', 'Before1', 'Before2', 'After0', 'After1', 'After2']);
    });

    it('a consumer resubscribing from its checkpoint applies every event exactly once across repeated restarts', async () => {
      const s = stream('runner');
      const noise = stream('noise');
      const consumer = new ResubscribingConsumer(store, await store.headPosition(), {
        categories: ['runner'],
      });
      const writing = (async () => {
        let revision: bigint | 'no_stream' = 'no_stream';
        let noiseRevision: bigint | 'no_stream' = 'no_stream';
        for (let i = 0; i < 30; i++) {
          revision = (await appendWithRetry(store, s, events(`E${i}-`, 2), revision)).nextRevision;
          // Unrelated and system events in between: the filter skips them, checkpoints pass them.
          noiseRevision = (await appendWithRetry(store, noise, events('Noise', 3), noiseRevision))
            .nextRevision;
          if (server.running) server.log.appendSystemEvent('$stats-node', '$statsCollected');
          // Paced by the consumer (at most one change ahead), so the restarts fall while writing.
          await consumer.waitFor((applied) => applied.length >= 2 * i);
        }
      })();
      for (let i = 0; i < 3; i++) {
        await consumer.waitFor((applied) => applied.length >= (i + 1) * 10);
        const dropped = consumer.errors.length;
        await server.stop();
        // Down until the consumer has seen its subscription drop.
        await consumer.waitForErrors(dropped + 1);
        await server.restart();
      }
      await writing;
      await consumer.waitFor((applied) => applied.length >= 60);
      await consumer.stop();
      const stored = await store.readStream(s);
      expect(stored).toHaveLength(60);
      expect(consumer.applied.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      expect(consumer.errors.length).toBeGreaterThanOrEqual(3);
      expect(consumer.errors.every((e) => e instanceof EventStoreUnavailableError)).toBe(true);
      expect(consumer.checkpoint >= stored[59].position).toBe(true);
    });

    it.each([true, false])(
      'an append whose answer was lost is retried with the same IDs and revision and lands once (batchAppend %s)',
      async (batchAppend) => {
        const faulty = await openEsdbStore({ batchAppend, version });
        try {
          const s = stream('lost');
          await faulty.store.append(s, [newEvent('Init')], 'no_stream');
          const change = events('Change', 3);
          (faulty.server as EsdbTestServer).loseAppendResponses(1);
          await expect(faulty.store.append(s, change, 0n)).rejects.toBeInstanceOf(EventStoreUnavailableError);
          const retried = await appendWithRetry(faulty.store, s, change, 0n);
          const stored = await faulty.store.readStream(s);
          expect(stored.map((e) => e.type)).toEqual(['Init', 'Change0', 'Change1', 'Change2']);
          expect(retried).toEqual({ nextRevision: 3n, position: stored[3].position });
        } finally {
          await faulty.cleanup();
        }
      },
    );

    it('works through the unary Append call when the server does not offer BatchAppend', async () => {
      const unary = await openEsdbStore({ batchAppend: false, version });
      try {
        const s = stream('unary');
        const change = events('U', 2);
        const first = await unary.store.append(s, change, 'no_stream');
        expect(first.nextRevision).toBe(1n);
        expect(await unary.store.append(s, change, 'no_stream')).toEqual(first);
        await expect(unary.store.append(s, events('X', 1), 0n)).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect((await unary.store.readStream(s)).map((e) => e.position)).toEqual([
          expect.any(BigInt),
          first.position,
        ]);
      } finally {
        await unary.cleanup();
      }
    });
  },
);
