import { randomUUID } from 'node:crypto';
import {
  EventMetadata,
  EventStore,
  NewEvent,
  RecordedEvent,
  SubscriptionItem,
  WrongExpectedRevisionError,
} from '../src/event-store.port';

export interface ContractFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  tenant: 'acme',
  actor: 'test',
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  source: 'native',
  occurredAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

export const newEvent = (type: string, data: unknown = {}, id = randomUUID()): NewEvent => ({
  id,
  type,
  data,
  metadata: metadata(),
});

/**
 * Collects subscription items until `until` returns true; no deadline of its own (the test's
 * timeout bounds it). `meanwhile` runs beside the consumer and may wait with `seen` until the
 * items so far satisfy a condition (a barrier, where a delay would only guess).
 */
async function collect(
  store: EventStore,
  options: Parameters<EventStore['subscribeAll']>[0],
  until: (events: RecordedEvent[], items: SubscriptionItem[]) => boolean,
  meanwhile?: (seen: (condition: (events: RecordedEvent[]) => boolean) => Promise<void>) => Promise<unknown>,
): Promise<{ events: RecordedEvent[]; items: SubscriptionItem[] }> {
  const subscription = store.subscribeAll(options);
  const events: RecordedEvent[] = [];
  const items: SubscriptionItem[] = [];
  const barriers: { condition: (events: RecordedEvent[]) => boolean; resolve: () => void }[] = [];
  const seen = (condition: (events: RecordedEvent[]) => boolean) =>
    condition(events)
      ? Promise.resolve()
      : new Promise<void>((resolve) => barriers.push({ condition, resolve }));
  const writing = meanwhile?.(seen);
  try {
    for await (const item of subscription) {
      items.push(item);
      if (item.kind === 'event') events.push(item.event);
      for (const barrier of barriers.filter((b) => b.condition(events))) {
        barriers.splice(barriers.indexOf(barrier), 1);
        barrier.resolve();
      }
      if (until(events, items)) break;
    }
  } finally {
    await subscription.close();
    await writing;
  }
  return { events, items };
}

/**
 * The rules every adapter of the EventStore port must follow. Each adapter's spec calls this
 * with a factory giving a fresh, empty store (streams are unique per test run anyway).
 */
export function describeEventStoreContract(name: string, factory: () => Promise<ContractFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    const stream = (prefix = 'contract') => `${prefix}-acme/${randomUUID()}`;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.cleanup();
    });

    describe('append with expected revision', () => {
      it('no_stream creates a stream and refuses an existing one', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent('A')], 'no_stream');
        expect(first.nextRevision).toBe(0n);
        await expect(store.append(s, [newEvent('B')], 'no_stream')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const s = stream();
        await expect(store.append(s, [newEvent('A')], 'stream_exists')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store.append(s, [newEvent('A')], 'any');
        const result = await store.append(s, [newEvent('B')], 'stream_exists');
        expect(result.nextRevision).toBe(1n);
      });

      it('any appends whatever the stream holds', async () => {
        const s = stream();
        await store.append(s, [newEvent('A')], 'any');
        const result = await store.append(s, [newEvent('B'), newEvent('C')], 'any');
        expect(result.nextRevision).toBe(2n);
      });

      it('an exact revision must equal the last revision', async () => {
        const s = stream();
        await store.append(s, [newEvent('A'), newEvent('B')], 'no_stream');
        await expect(store.append(s, [newEvent('C')], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(s, [newEvent('C')], 5n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const result = await store.append(s, [newEvent('C')], 1n);
        expect(result.nextRevision).toBe(2n);
      });

      it('a multi-event append is atomic and contiguous, with increasing positions', async () => {
        const s = stream();
        const result = await store.append(s, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
        const events = await store.readStream(s);
        expect(events.map((e) => [e.type, e.revision])).toEqual([
          ['A', 0n],
          ['B', 1n],
          ['C', 2n],
        ]);
        expect(events[0].position < events[1].position && events[1].position < events[2].position).toBe(true);
        expect(result.position).toBe(events[2].position);
      });

      it('a refused append writes nothing', async () => {
        const s = stream();
        await store.append(s, [newEvent('A')], 'no_stream');
        await expect(store.append(s, [newEvent('B'), newEvent('C')], 7n)).rejects.toThrow();
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A']);
      });

      it('the same event IDs appended again at the same revision are idempotent', async () => {
        const s = stream();
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.append(s, events, 'no_stream');
        const again = await store.append(s, events, 'no_stream');
        expect(again.nextRevision).toBe(first.nextRevision);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('keeps data and metadata intact', async () => {
        const s = stream();
        const data = { name: 'x', nested: { list: [1, 'two', null, true] }, unicode: 'é✓' };
        const event = newEvent('Typed', data);
        await store.append(s, [event], 'no_stream');
        const [read] = await store.readStream(s);
        expect(read.id).toBe(event.id);
        expect(read.streamName).toBe(s);
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual(event.metadata);
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });
    });

    describe('concurrent appenders', () => {
      it('exactly one of many racing appenders wins each revision', async () => {
        const s = stream();
        await store.append(s, [newEvent('Init')], 'no_stream');
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.append(s, [newEvent(`Racer${i}`)], 0n)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const losers = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('concurrent appends to distinct streams all succeed', async () => {
        const streams = Array.from({ length: 30 }, () => stream());
        const results = await Promise.all(streams.map((s) => store.append(s, [newEvent('A')], 'no_stream')));
        expect(new Set(results.map((r) => r.position)).size).toBe(30);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards from a revision with a max count', async () => {
        const s = stream();
        await store.append(
          s,
          ['A', 'B', 'C', 'D', 'E'].map((t) => newEvent(t)),
          'no_stream',
        );
        expect((await store.readStream(s, { fromRevision: 2n })).map((e) => e.type)).toEqual(['C', 'D', 'E']);
        expect((await store.readStream(s, { fromRevision: 1n, maxCount: 2 })).map((e) => e.type)).toEqual([
          'B',
          'C',
        ]);
        expect(
          (await store.readStream(s, { direction: 'backwards', maxCount: 2 })).map((e) => e.type),
        ).toEqual(['E', 'D']);
        expect(
          (await store.readStream(s, { direction: 'backwards', fromRevision: 2n })).map((e) => e.type),
        ).toEqual(['C', 'B', 'A']);
      });

      it('returns nothing for a missing stream', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });
    });

    describe('reading $all', () => {
      it('reads in global order from an exclusive position with a max count', async () => {
        const s1 = stream();
        const s2 = stream();
        const start = await store.headPosition();
        await store.append(s1, [newEvent('One')], 'no_stream');
        await store.append(s2, [newEvent('Two')], 'no_stream');
        await store.append(s1, [newEvent('Three')], 0n);
        const page = await store.readAll({ fromPosition: start, maxCount: 100 });
        const mine = page.filter((e) => e.streamName === s1 || e.streamName === s2);
        expect(mine.map((e) => e.type)).toEqual(['One', 'Two', 'Three']);
        const afterFirst = await store.readAll({ fromPosition: mine[0].position, maxCount: 1 });
        expect(afterFirst[0].position > mine[0].position).toBe(true);
        expect(await store.headPosition()).toBe(mine[2].position);
      });
    });

    describe('subscribing to $all', () => {
      it('catches up from an exclusive position, then delivers live events', async () => {
        const s = stream('subs');
        const start = await store.headPosition();
        await store.append(s, [newEvent('Before1'), newEvent('Before2')], 'no_stream');
        const [first] = await store.readStream(s);
        // Live is written once the consumer has caught up to Before2.
        const { events } = await collect(
          store,
          { fromPosition: first.position },
          (seen) => seen.some((e) => e.type === 'Live'),
          async (seen) => {
            await seen((caught) => caught.some((e) => e.streamName === s && e.type === 'Before2'));
            await store.append(s, [newEvent('Live')], 1n);
          },
        );
        const mine = events.filter((e) => e.streamName === s).map((e) => e.type);
        expect(mine).toEqual(['Before2', 'Live']);
        expect(events.every((e) => e.position > start)).toBe(true);
      });

      it('filters by category and event type, reporting checkpoints past skipped events', async () => {
        const wanted = stream('wanted');
        const other = stream('other');
        const start = await store.headPosition();
        await store.append(other, [newEvent('Noise')], 'no_stream');
        await store.append(wanted, [newEvent('Skip'), newEvent('Keep')], 'no_stream');
        await store.append(other, [newEvent('Keep')], 0n);
        const byCategory = await collect(
          store,
          { fromPosition: start, filter: { categories: ['wanted'] } },
          (events) => events.length >= 2,
        );
        expect(byCategory.events.map((e) => [e.streamName, e.type])).toEqual([
          [wanted, 'Skip'],
          [wanted, 'Keep'],
        ]);
        const byType = await collect(
          store,
          { fromPosition: start, filter: { eventTypes: ['Keep'] } },
          (events) => events.length >= 2,
        );
        expect(byType.events.map((e) => e.streamName)).toEqual([wanted, other]);
      });

      it('reports a checkpoint at or past the head when nothing matches the filter', async () => {
        const s = stream('nomatch');
        const start = await store.headPosition();
        await store.append(s, [newEvent('Nothing')], 'no_stream');
        const head = await store.headPosition();
        const { items } = await collect(
          store,
          { fromPosition: start, filter: { categories: ['neverwritten'] } },
          (_, all) => all.some((i) => i.kind === 'checkpoint' && i.position >= head),
        );
        expect(items.some((i) => i.kind === 'event')).toBe(false);
        expect(items.some((i) => i.kind === 'checkpoint' && i.position >= head)).toBe(true);
      });
    });
  });
}
