import { randomUUID } from 'node:crypto';
import {
  liveConnectionString,
  openEsdbStore,
  testEvents as events,
  testStream as stream,
} from '../../../test/esdb-server/esdb-store-fixture';
import { versionsUnderTest } from '../../../test/esdb-server/esdb-server-version';
import { createEventStore } from '../src/create-event-store';
import { EventStoreDbEventStore } from '../src/esdb/eventstoredb-event-store';
import { EventStore, SubscriptionItem, WrongExpectedRevisionError } from '../src/event-store.port';
import { describeEventStoreContract, newEvent } from './event-store.contract';
import { writerDiesAtAppend } from './fixtures/writer-dies-at-append';

// The contract suite through the real @eventstore/db-client: against a live EventStoreDB when
// EVENTSTORE_CONNECTION_STRING is set, else against the in-memory gRPC test double. Fault tests
// (server dropped and restarted) are in test/esdb-server/eventstoredb-faults.spec.ts.

// Against the double, once per server version it copies (ESDB_TEST_SERVER_VERSIONS narrows them).
if (liveConnectionString) describeEventStoreContract('eventstoredb (live server)', openEsdbStore);
else {
  for (const version of versionsUnderTest()) {
    describeEventStoreContract(`eventstoredb (gRPC test double ${version})`, () =>
      openEsdbStore({ version }),
    );
  }
}

type Items = SubscriptionItem[];

/**
 * The items of a subscription until `until` says stop. `meanwhile` runs beside the consumer and
 * may wait, with `seen`, until the items so far satisfy a condition (a barrier, not a delay).
 */
async function take(
  store: EventStore,
  options: Parameters<EventStore['subscribeAll']>[0],
  until: (items: Items) => boolean,
  meanwhile?: (seen: (condition: (items: Items) => boolean) => Promise<void>) => Promise<unknown>,
): Promise<Items> {
  const items: Items = [];
  const barriers: { condition: (items: Items) => boolean; resolve: () => void }[] = [];
  const seen = (condition: (items: Items) => boolean) =>
    condition(items)
      ? Promise.resolve()
      : new Promise<void>((resolve) => barriers.push({ condition, resolve }));
  const subscription = store.subscribeAll(options);
  const writing = meanwhile?.(seen);
  try {
    for await (const item of subscription) {
      items.push(item);
      for (const barrier of barriers.filter((b) => b.condition(items))) {
        barriers.splice(barriers.indexOf(barrier), 1);
        barrier.resolve();
      }
      if (until(items)) break;
    }
  } finally {
    await subscription.close();
    await writing;
  }
  return items;
}

describe('EventStoreDB adapter specifics', () => {
  let fixture: Awaited<ReturnType<typeof openEsdbStore>>;
  beforeAll(async () => (fixture = await openEsdbStore()));
  afterAll(async () => fixture.cleanup());

  it('splits a change over 1 MiB into contiguous appends stamped part i of n, idempotent on retry', async () => {
    const { store } = fixture;
    const s = stream('big');
    const change = events('Chunk', 5, 300 * 1024);
    const first = await store.append(s, change, 'no_stream');
    expect(first.nextRevision).toBe(4n);
    const read = await store.readStream(s);
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    const parts = read.map((e) => e.metadata.part);
    expect(parts.every((p) => p !== undefined && p.count === parts[0]?.count && p.count > 1)).toBe(true);
    expect(new Set(parts.map((p) => p?.index))).toEqual(
      new Set(Array.from({ length: parts[0]?.count ?? 0 }, (_, i) => i + 1)),
    );
    expect(read[4].position).toBe(first.position);
    const again = await store.append(s, change, 'no_stream');
    expect(again).toEqual(first);
    expect(await store.readStream(s)).toHaveLength(5);
  });

  it('delivers a split change to a filtered subscriber whole, with its type filter applied after', async () => {
    const { store } = fixture;
    const s = stream('gated');
    const written = await store.append(s, events('Chunk', 5, 300 * 1024), 'no_stream');
    const filter = { categories: ['gated'], eventTypes: ['Chunk0', 'Chunk4'] };
    const items = await take(store, { filter }, (got) =>
      got.some((i) => (i.kind === 'event' ? i.event.position : i.position) >= written.position),
    );
    const delivered = items.flatMap((i) => (i.kind === 'event' ? [i.event.type] : []));
    expect(delivered).toEqual(['Chunk0', 'Chunk4']);
  });

  it('hides a change whose writer died between parts from every reader, and voids it at the next start', async () => {
    const { store } = fixture;
    const s = stream('torn');
    await store.append(s, [newEvent('Before')], 'no_stream');
    // The writer "dies" after the first of three parts: the second append never happens, and
    // its own clean-up never runs (kill -9).
    const writer = writerDiesAtAppend(store as EventStoreDbEventStore, 2);
    await expect(store.append(s, events('Torn', 5, 300 * 1024), 0n)).rejects.toThrow('killed');
    writer.revive();

    const head = await store.headPosition();
    expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Before']);
    expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.type)).toEqual(['Before']);
    const all = await store.readAll({ maxCount: 10_000 });
    expect(all.filter((e) => e.streamName === s).map((e) => e.type)).toEqual(['Before']);

    // A restarted engine (a new adapter on the same server) voids the change with an event.
    const restarted = new EventStoreDbEventStore(
      liveConnectionString ?? (fixture.server as NonNullable<typeof fixture.server>).connectionString,
    );
    try {
      await (restarted as unknown as { recovery: { ready(): Promise<void> } }).recovery.ready();
      const raw = await restarted.readStreamRaw(s);
      expect(raw.map((e) => e.type).slice(-1)).toEqual(['EngineChangeVoided']);
      expect((await restarted.readStream(s)).map((e) => e.type)).toEqual(['Before']);
      // Subscribers get past it (a checkpoint at or beyond the marker), never its events.
      const items = await take(restarted, {}, (got) =>
        got.some((i) => (i.kind === 'event' ? i.event.position : i.position) >= raw[raw.length - 1].position),
      );
      expect(items.some((i) => i.kind === 'event' && i.event.type.startsWith('Torn'))).toBe(false);
      // The stream goes on after it: the next change is appended at the revision after the marker.
      const next = await restarted.append(s, events('After', 5, 300 * 1024), raw[raw.length - 1].revision);
      expect(next.nextRevision).toBe(raw[raw.length - 1].revision + 5n);
      expect((await restarted.readStream(s)).map((e) => e.type)).toEqual([
        'Before',
        'After0',
        'After1',
        'After2',
        'After3',
        'After4',
      ]);
      expect(await restarted.headPosition()).toBeGreaterThan(head);
    } finally {
      await restarted.close();
    }
  });

  it('retrying the same events at the same exact revision appends nothing and returns the first result', async () => {
    const { store } = fixture;
    const s = stream('retry');
    await store.append(s, [newEvent('Init')], 'no_stream');
    const change = events('Step', 3);
    const first = await store.append(s, change, 0n);
    expect(await store.append(s, change, 0n)).toEqual(first);
    await expect(store.append(s, events('Other', 1), 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream(s)).toHaveLength(4);
  });

  it('never surfaces system events ($-prefixed streams or types)', async () => {
    const { store } = fixture;
    const start = await store.headPosition();
    const s = stream('visible');
    await store.append(s, [newEvent('Visible')], 'no_stream');
    const head = await store.headPosition();
    await store.append(`$system-${randomUUID()}`, [newEvent('Internal')], 'any');
    await store.append(stream('visible'), [newEvent('$Internal')], 'any');
    expect(await store.headPosition()).toBe(head);
    const all = await store.readAll({ fromPosition: start, maxCount: 1000 });
    expect(all.filter((e) => e.streamName.startsWith('$') || e.type.startsWith('$'))).toEqual([]);
    expect(all.some((e) => e.streamName === s)).toBe(true);
  });

  it('is what createEventStore builds when a connection string is set', async () => {
    const store = createEventStore({
      dataDir: '/nonexistent',
      connectionString: 'esdb://127.0.0.1:1?tls=false',
    });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });

  it('yields checkpoints as positions a subscription can restart from, without losing the next event', async () => {
    const { store } = fixture;
    const start = await store.headPosition();
    await store.append(stream('noise'), [newEvent('Noise')], 'no_stream');
    const noiseAt = await store.headPosition();
    const wanted = stream('gapless');
    const filter = { categories: ['gapless'] };
    // EventStoreDB's checkpoint points where the next record starts: the wanted event lands there.
    const items = await take(
      store,
      { fromPosition: start, filter },
      (all) => all.some((i) => i.kind === 'event'),
      // Written once the consumer has been told it is past the noise.
      async (seen) => {
        await seen((all) => all.some((i) => i.kind === 'checkpoint' && i.position >= noiseAt));
        await store.append(wanted, [newEvent('Wanted')], 'no_stream');
      },
    );
    const checkpoint = items.find((i) => i.kind === 'checkpoint');
    const event = items.find((i) => i.kind === 'event');
    if (checkpoint?.kind !== 'checkpoint' || event?.kind !== 'event') throw new Error('missing items');
    expect(checkpoint.position >= noiseAt && checkpoint.position < event.event.position).toBe(true);
    const resumed = await take(store, { fromPosition: checkpoint.position, filter }, (all) =>
      all.some((i) => i.kind === 'event'),
    );
    expect(resumed.flatMap((i) => (i.kind === 'event' ? [i.event.id] : []))).toEqual([event.event.id]);
  });

  it('once live, reports a checkpoint past each event that does not match the filter', async () => {
    const { store } = fixture;
    const noise = stream('quiet');
    const start = await store.headPosition();
    const written: bigint[] = [];
    // A read-your-writes wait on a projection that ignores the event must end promptly.
    const items = await take(
      store,
      { fromPosition: start, filter: { categories: ['neverwritten'] } },
      (all) => written.length === 3 && all.some((i) => i.kind === 'checkpoint' && i.position >= written[2]),
      // Each event written once the consumer has reported a checkpoint past the one before.
      async (seen) => {
        for (let i = 0; i < 3; i++) {
          const expected = i === 0 ? 'no_stream' : BigInt(i - 1);
          const { position } = await store.append(noise, [newEvent('Quiet')], expected);
          written.push(position);
          await seen((all) => all.some((item) => item.kind === 'checkpoint' && item.position >= position));
        }
      },
    );
    const checkpoints = items.map((i) => (i.kind === 'checkpoint' ? i.position : -1n));
    expect(checkpoints.every((p) => p > start)).toBe(true);
    expect(checkpoints).toEqual(expect.arrayContaining(written));
  });
});
