import {
  liveConnectionString,
  openEsdbStore,
  testStream as stream,
} from '../../../test/esdb-server/esdb-store-fixture';
import { EventStoreDbEventStore } from '../src/esdb/eventstoredb-event-store';
import { EventStore, RecordedEvent, SubscriptionItem } from '../src/event-store.port';
import { newEvent } from './event-store.contract';
import { writerDiesAtAppend } from './fixtures/writer-dies-at-append';

// One logical event of 5 MiB, over EventStoreDB's 1 MiB append limit: the adapter stores it in
// pieces and every read path gives it back whole, at the revision and position of its last piece.

/** A 5 MiB payload mixing 1- to 4-byte UTF-8 characters, so pieces cut inside characters. */
function hugeData(): { blob: string; tags: string[] } {
  const unit = 'abc\u00e9\u20ac\u{1F600}"\\\n';
  return { blob: unit.repeat(Math.ceil((5 * 1024 * 1024) / 16)), tags: ['x', 'y'] };
}

/** Subscription items until `until` holds. */
async function take(
  store: EventStore,
  options: Parameters<EventStore['subscribeAll']>[0],
  until: (items: SubscriptionItem[]) => boolean,
): Promise<SubscriptionItem[]> {
  const items: SubscriptionItem[] = [];
  const subscription = store.subscribeAll(options);
  try {
    for await (const item of subscription) {
      items.push(item);
      if (until(items)) break;
    }
  } finally {
    await subscription.close();
  }
  return items;
}

const at = (i: SubscriptionItem) => (i.kind === 'event' ? i.event.position : i.position);
const eventsOf = (items: SubscriptionItem[], s: string) =>
  items.flatMap((i) => (i.kind === 'event' && i.event.streamName === s ? [i.event] : []));

describe('EventStoreDB adapter: an event over the append limit', () => {
  let fixture: Awaited<ReturnType<typeof openEsdbStore>>;
  beforeAll(async () => (fixture = await openEsdbStore()));
  afterAll(async () => fixture.cleanup());

  it('round-trips whole through every read path, at its last piece revision and position', async () => {
    const { store } = fixture;
    const s = stream('huge');
    const start = await store.headPosition();
    await store.append(s, [newEvent('Before')], 'no_stream');
    const huge = newEvent('Huge', hugeData());
    const change = [huge, newEvent('After', { n: 1 })];
    const written = await store.append(s, change, 0n);
    // Idempotent at the server: the same change at the same revision stores nothing more.
    expect(await store.append(s, change, 0n)).toEqual(written);

    const raw = await store.readStreamRaw(s);
    const pieces = raw.filter((e) => e.type === 'Huge');
    expect(pieces.length).toBeGreaterThanOrEqual(6);
    expect(raw).toHaveLength(pieces.length + 2);

    const read = await store.readStream(s);
    expect(read.map((e) => e.type)).toEqual(['Before', 'Huge', 'After']);
    const [, whole, after] = read;
    expect(whole.id).toBe(huge.id);
    expect(whole.data).toEqual(huge.data);
    expect(whole.metadata).toEqual(expect.objectContaining(huge.metadata));
    expect(whole.metadata).not.toHaveProperty('piece');
    expect(whole.revision).toBe(pieces[pieces.length - 1].revision);
    expect(whole.position).toBe(pieces[pieces.length - 1].position);
    expect(after.revision).toBe(written.nextRevision);
    expect(after.position).toBe(written.position);

    const types = (events: RecordedEvent[]) => events.map((e) => e.type);
    // Forwards pages count logical events; a start inside the pieces still gives the event whole.
    expect(types(await store.readStream(s, { maxCount: 2 }))).toEqual(['Before', 'Huge']);
    expect(types(await store.readStream(s, { fromRevision: 1n, maxCount: 1 }))).toEqual(['Huge']);
    const inside = await store.readStream(s, { fromRevision: 3n });
    expect(types(inside)).toEqual(['Huge', 'After']);
    expect(inside[0].data).toEqual(huge.data);
    // Backwards: an event is there once its last piece is.
    const backwards = await store.readStream(s, { direction: 'backwards', maxCount: 2 });
    expect(types(backwards)).toEqual(['After', 'Huge']);
    expect(backwards[1].data).toEqual(huge.data);
    expect(types(await store.readStream(s, { direction: 'backwards', fromRevision: 3n }))).toEqual([
      'Before',
    ]);

    // $all, in pages of one event and in one read.
    const paged: RecordedEvent[] = [];
    for (let from = start; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: 1 });
      if (page.length === 0) break;
      paged.push(...page);
      from = page[page.length - 1].position;
    }
    expect(types(paged.filter((e) => e.streamName === s))).toEqual(['Before', 'Huge', 'After']);
    const all = (await store.readAll({ fromPosition: start, maxCount: 1000 })).filter(
      (e) => e.streamName === s,
    );
    expect(all[1].data).toEqual(huge.data);

    // A subscription, catching up from before, and from a position between two pieces.
    const caughtUp = await take(store, { fromPosition: start, filter: { categories: ['huge'] } }, (items) =>
      items.some((i) => at(i) >= written.position),
    );
    const subscribed = eventsOf(caughtUp, s);
    expect(types(subscribed)).toEqual(['Before', 'Huge', 'After']);
    expect(subscribed[1].data).toEqual(huge.data);
    const resumed = await take(
      store,
      { fromPosition: pieces[1].position, filter: { eventTypes: ['Huge'] } },
      (items) => items.some((i) => at(i) >= written.position),
    );
    expect(eventsOf(resumed, s).map((e) => [e.type, e.position])).toEqual([['Huge', whole.position]]);
    expect(eventsOf(resumed, s)[0].data).toEqual(huge.data);
  }, 60_000);

  it('leaves nothing visible when the writer dies between pieces, and the stream goes on', async () => {
    const { store } = fixture;
    const s = stream('halfhuge');
    await store.append(s, [newEvent('Before')], 'no_stream');
    // The writer "dies" after its third append: the rest never happens, nor its own clean-up.
    const writer = writerDiesAtAppend(store as EventStoreDbEventStore, 4);
    try {
      await expect(store.append(s, [newEvent('Huge', hugeData())], 0n)).rejects.toThrow('killed');
    } finally {
      writer.revive();
    }
    const raw = await store.readStreamRaw(s);
    expect(raw.filter((e) => e.type === 'Huge').length).toBeGreaterThanOrEqual(3);
    const head = raw[raw.length - 1].position;

    const visible = (events: RecordedEvent[]) => events.filter((e) => e.streamName === s).map((e) => e.type);
    expect(visible(await store.readStream(s))).toEqual(['Before']);
    expect(visible(await store.readStream(s, { direction: 'backwards' }))).toEqual(['Before']);
    expect(visible(await store.readAll({ maxCount: 100_000 }))).toEqual(['Before']);

    // A restarted engine voids the torn change; subscribers pass it without seeing a piece.
    const restarted = new EventStoreDbEventStore(
      liveConnectionString ?? (fixture.server as NonNullable<typeof fixture.server>).connectionString,
    );
    try {
      await (restarted as unknown as { recovery: { ready(): Promise<void> } }).recovery.ready();
      const marker = (await restarted.readStreamRaw(s)).slice(-1)[0];
      expect(marker.type).toBe('EngineChangeVoided');
      const items = await take(restarted, { filter: { categories: ['halfhuge'] } }, (got) =>
        got.some((i) => at(i) >= marker.position),
      );
      expect(visible(eventsOf(items, s))).toEqual(['Before']);
      expect(head).toBeLessThan(marker.position);
      const next = await restarted.append(s, [newEvent('Huge', hugeData())], marker.revision);
      const read = await restarted.readStream(s);
      expect(read.map((e) => e.type)).toEqual(['Before', 'Huge']);
      expect(read[1].revision).toBe(next.nextRevision);
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
