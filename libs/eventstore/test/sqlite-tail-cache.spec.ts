import { makeTempDir } from '@engine/testing';
import * as path from 'node:path';
import { NewEvent, RecordedEvent, Subscription } from '../src/event-store.port';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';

const metadata = {
  tenant: 'acme',
  actor: 'test',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  source: 'native',
  occurredAt: '2026-01-01T00:00:00.000Z',
};
let ids = 0;
const events = (n: number, type = 'Happened'): NewEvent[] =>
  Array.from({ length: n }, () => ({ id: `e-${++ids}`, type, data: { n: ids }, metadata }));

/** Reads events until `count` have arrived (catch-up then live). */
async function take(subscription: Subscription, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  for await (const item of subscription) {
    if (item.kind === 'event') seen.push(item.event);
    if (seen.length >= count) break;
  }
  await subscription.close();
  return seen;
}

describe('SQLite store: live reads from the in-memory tail', () => {
  const temp = makeTempDir('ple-tail-');
  afterAll(() => temp.cleanup());

  it('gives every subscriber the same parsed event, in order, with no gap after a catch-up', async () => {
    const store = new SqliteEventStore({ file: path.join(temp.dir, 'shared.sqlite'), synchronous: 'OFF' });
    // More than the tail keeps: the oldest are read from the file, the newest from memory.
    for (let i = 0; i < 25; i++) await store.append(`thing-acme/${i % 3}`, events(1000), 'any');
    const a = take(store.subscribeAll({ filter: { categories: ['thing'] } }), 25_010);
    const b = take(store.subscribeAll({ fromPosition: 24_990n }), 20);
    await store.append('thing-acme/0', events(10), 'any');
    const [fromA, fromB] = await Promise.all([a, b]);
    expect(fromA.map((e) => Number(e.position))).toEqual(Array.from({ length: 25_010 }, (_, i) => i + 1));
    expect(fromB.map((e) => Number(e.position))).toEqual(Array.from({ length: 20 }, (_, i) => 24_991 + i));
    // Parsed once: the live events are the very same objects for both subscribers.
    expect(fromB[19]).toBe(fromA[25_009]);
    await store.close();
  }, 30_000);

  it('reads around events another process appended to the same file', async () => {
    const file = path.join(temp.dir, 'two-writers.sqlite');
    const mine = new SqliteEventStore({ file, synchronous: 'OFF' });
    const theirs = new SqliteEventStore({ file, synchronous: 'OFF' });
    await mine.append('thing-acme/a', events(3), 'any');
    await theirs.append('thing-acme/b', events(2, 'Theirs'), 'any');
    await mine.append('thing-acme/a', events(3), 'any');
    const seen = await take(mine.subscribeAll({ fromPosition: 0n }), 8);
    expect(seen.map((e) => e.type)).toEqual([
      ...Array(3).fill('Happened'),
      'Theirs',
      'Theirs',
      ...Array(3).fill('Happened'),
    ]);
    expect(seen.map((e) => Number(e.position))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Right after my last read of my own events, their two events are not skipped.
    const afterMine = await take(mine.subscribeAll({ fromPosition: 3n }), 5);
    expect(afterMine.map((e) => Number(e.position))).toEqual([4, 5, 6, 7, 8]);
    const afterTheirs = await take(mine.subscribeAll({ fromPosition: 5n }), 3);
    expect(afterTheirs.map((e) => Number(e.position))).toEqual([6, 7, 8]);
    await theirs.close();
    await mine.close();
  });

  it('filters by category and type in memory as the file reads do', async () => {
    const store = new SqliteEventStore({ file: path.join(temp.dir, 'filter.sqlite'), synchronous: 'OFF' });
    const subscription = store.subscribeAll({ filter: { categories: ['keep'], eventTypes: ['Wanted'] } });
    const seen = take(subscription, 2);
    await store.append('skip-acme/x', events(2, 'Wanted'), 'any');
    await store.append('keep-acme/x', events(1, 'Unwanted'), 'any');
    await store.append('keep-acme/x', events(2, 'Wanted'), 'any');
    expect((await seen).map((e) => [e.streamName, e.type, Number(e.position)])).toEqual([
      ['keep-acme/x', 'Wanted', 4],
      ['keep-acme/x', 'Wanted', 5],
    ]);
    await store.close();
  });
});
