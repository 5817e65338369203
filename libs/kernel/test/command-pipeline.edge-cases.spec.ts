import {
  EventStore,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '@engine/eventstore';
import { ConcurrencyConflictError } from '../src/errors/kernel-errors';
import { AggregateCache } from '../src/pipeline/aggregate-cache';
import { eventIds } from '../src/pipeline/event-ids';
import { KeyedMutex } from '../src/pipeline/keyed-mutex';
import { runWithPositions } from '../src/projections/request-positions';
import { counterDecider } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, keyedContext } from './kernel.fixture';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AggregateCache', () => {
  it('gives an entry to one taker, evicts the least recently put beyond capacity, and clears', () => {
    const cache = new AggregateCache(2);
    cache.put('a', 0n, 'A', 7);
    cache.put('b', 1n, 'B');
    expect(cache.take('a')).toEqual({ revision: 0n, state: 'A', epoch: 7 });
    expect(cache.take('a')).toBeUndefined();
    cache.put('a', 2n, 'A2');
    cache.put('c', 3n, 'C');
    expect([cache.take('b'), cache.take('a')?.state, cache.take('c')?.state]).toEqual([undefined, 'A2', 'C']);
    cache.put('d', 4n, 'D');
    cache.clear();
    expect(cache.take('d')).toBeUndefined();
  });

  it('keeps nothing at capacity 0', () => {
    const cache = new AggregateCache(0);
    cache.put('a', 0n, 'A');
    expect(cache.take('a')).toBeUndefined();
  });
});

describe('KeyedMutex', () => {
  it('runs the next task after a failed one, and forgets a key once its tasks are done', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const failed = mutex.run('k', async () => {
      order.push('first');
      throw new Error('boom');
    });
    const second = mutex.run('k', async () => {
      order.push('second');
      return 2;
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await second).toBe(2);
    expect(order).toEqual(['first', 'second']);
    // Let the tails settle: the map of pending keys must not grow with every stream ever used.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect((mutex as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});

describe('KeyedMutex ordering', () => {
  it('keeps a task queued behind a running one even after an earlier task settled', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let releaseB!: () => void;
    const a = mutex.run('k', async () => {
      order.push('a');
    });
    const b = mutex.run('k', () =>
      new Promise<void>((resolve) => (releaseB = resolve)).then(() => order.push('b end')),
    );
    await a;
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const c = mutex.run('k', async () => {
      order.push('c');
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    releaseB();
    await Promise.all([b, c]);
    expect(order).toEqual(['a', 'b end', 'c']);
  });
});

describe('eventIds', () => {
  const seed = { tenant: 'acme', key: 'k1', fingerprint: 'f1', stream: 'counter-acme/a', seq: 0 };

  // Retries after an upgrade must derive the same ids, so the derivation is pinned.
  it('derives stable version-5 shaped ids from the seed and the index', () => {
    const ids = eventIds(2, seed);
    expect(ids).toEqual(eventIds(2, { ...seed }));
    expect(ids[0]).toBe('69bee009-188a-5341-9e8e-6410ec4b6a9d');
    expect(ids.every((id) => UUID_V5.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    for (const change of [
      { tenant: 'globex' },
      { key: 'k2' },
      { fingerprint: 'f2' },
      { stream: 'x' },
      { seq: 1 },
    ])
      expect(eventIds(1, { ...seed, ...change })[0]).not.toBe(ids[0]);
  });

  it('draws random ids without a seed', () => {
    const ids = eventIds(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });
});

describe('CommandPipeline and AggregateLoader: edge cases', () => {
  let kernel: ReturnType<typeof kernelFixture>;
  beforeEach(() => {
    kernel = kernelFixture();
  });
  afterEach(() => kernel.close());

  const run = (stream: string, command: Parameters<typeof counterDecider.decide>[0], ctx = context()) =>
    kernel.pipeline.run({ stream, decider: counterDecider, command, context: ctx });
  /** A pipeline over the same store seen through `wrap` (faults injected in front of the real store). */
  const pipelineOver = (store: EventStore) => kernel.pipelineOver(store);
  const failingAppends = (error: () => Error, times: number) => {
    let failures = 0;
    return new Proxy(kernel.store, {
      get(target, property, receiver) {
        if (property === 'append')
          return (...args: Parameters<EventStore['append']>) => {
            if (failures++ < times) return Promise.reject(error());
            return target.append(...args);
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  it('counts commands by type and outcome, and appends and events by category', async () => {
    await run('counter-acme/m', { type: 'Increment', by: 1 });
    await run('counter-acme/m', { type: 'Increment', by: 0 });
    await expect(run('counter-acme/m', { type: 'Increment', by: 2_000_000 })).rejects.toThrow();
    await run('counter-acme/m', { type: 'Bulk', count: 3, payload: 'p' });
    const text = await kernel.metrics.render();
    expect(text).toContain('engine_commands_total{command="Increment",outcome="changed"} 1');
    expect(text).toContain('engine_commands_total{command="Increment",outcome="unchanged"} 1');
    expect(text).toContain('engine_commands_total{command="Increment",outcome="rejected"} 1');
    expect(text).toContain('engine_appends_total{category="counter"} 2');
    expect(text).toContain('engine_events_appended_total{category="counter"} 4');
    expect(text).toMatch(/engine_command_duration_seconds_count\{command="Bulk",outcome="changed"\} 1/);
    expect(text).toMatch(/engine_append_duration_seconds_count\{category="counter"\} 2/);
  });

  it("tells the request the position its answer reflects: the append's, or the stream's last one", async () => {
    const positions = async (work: () => Promise<unknown>) => {
      const seen: { written?: bigint } = {};
      await runWithPositions(seen, work);
      return seen.written;
    };
    const first = await run('counter-acme/n', { type: 'Increment', by: 1 });
    await run('counter-acme/other', { type: 'Increment', by: 1 });
    expect(await positions(() => run('counter-acme/n', { type: 'Increment', by: 0 }))).toBe(first.position);
    const second = await positions(() => run('counter-acme/n', { type: 'Increment', by: 1 }));
    expect(second).toBeGreaterThan(first.position!);
    expect(await positions(() => run('counter-acme/empty', { type: 'Increment', by: 0 }))).toBeUndefined();
  });

  it('answers a retry from the store even when the same command would now be refused', async () => {
    const first = await run('counter-acme/o', { type: 'Increment', by: 999_999 }, keyedContext('key-o', 'f'));
    // Deciding again would pass the counter's ceiling; the stored change is the answer.
    const retried = await run(
      'counter-acme/o',
      { type: 'Increment', by: 999_999 },
      keyedContext('key-o', 'f'),
    );
    expect(retried).toEqual(first);
  });

  it("rebuilds a retried change's own events, not the ones around it", async () => {
    await run('counter-acme/p', { type: 'Increment', by: 1 });
    const bulk = await run(
      'counter-acme/p',
      { type: 'Bulk', count: 2, payload: 'x' },
      keyedContext('key-p', 'f'),
    );
    await run('counter-acme/p', { type: 'Increment', by: 5 });
    const retried = await pipelineOver(kernel.store).run({
      stream: 'counter-acme/p',
      decider: counterDecider,
      command: { type: 'Bulk', count: 2, payload: 'x' },
      context: keyedContext('key-p', 'f'),
    });
    expect(retried.events).toHaveLength(2);
    expect(retried).toEqual(bulk);
    expect(retried.state).toBe(3);
  });

  it('derives different event ids for different requests, so one is never taken for the other', async () => {
    await run('counter-acme/q1', { type: 'Increment', by: 1 }, keyedContext('key-q1', 'f'));
    await run('counter-acme/q2', { type: 'Increment', by: 1 }, keyedContext('key-q2', 'f'));
    const [one] = await kernel.store.readStream('counter-acme/q1');
    const [two] = await kernel.store.readStream('counter-acme/q2');
    expect(one.id).not.toBe(two.id);
    expect(one.id).toMatch(UUID_V5);
    await expect(
      run('counter-acme/q1', { type: 'Increment', by: 2 }, keyedContext('key-q1', 'g')),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('gives up with a concurrency conflict after repeated wrong-revision appends', async () => {
    const store = failingAppends(() => new WrongExpectedRevisionError('counter-acme/r', 0n, 0n), 100);
    await expect(
      pipelineOver(store).run({
        stream: 'counter-acme/r',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
      }),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await kernel.store.readStream('counter-acme/r')).toHaveLength(0);
  });

  it('resends an append after "unavailable" (up to three times), then reports it', async () => {
    const twice = failingAppends(() => new EventStoreUnavailableError('down'), 2);
    const outcome = await pipelineOver(twice).run({
      stream: 'counter-acme/s',
      decider: counterDecider,
      command: { type: 'Increment', by: 1 },
      context: context(),
    });
    expect(outcome.revision).toBe(0n);
    expect(await kernel.store.readStream('counter-acme/s')).toHaveLength(1);
    const always = failingAppends(() => new EventStoreUnavailableError('down'), 100);
    await expect(
      pipelineOver(always).run({
        stream: 'counter-acme/t',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
      }),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    const other = failingAppends(() => new TypeError('bug'), 1);
    await expect(
      pipelineOver(other).run({
        stream: 'counter-acme/u',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
      }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('works over a store that keeps no count of foreign writes (EventStoreDB)', async () => {
    const store = new Proxy(kernel.store, {
      get(target, property, receiver) {
        if (property === 'foreignWrites') return undefined;
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const pipeline = pipelineOver(store);
    const ctx = () => ({ stream: 'counter-acme/v', decider: counterDecider, context: context() });
    await pipeline.run({ ...ctx(), command: { type: 'Increment', by: 2 } });
    expect((await pipeline.run({ ...ctx(), command: { type: 'Increment', by: 3 } })).state).toBe(5);
    expect((await pipeline.load('counter-acme/v', counterDecider)).state).toBe(5);
  });

  it('loads streams longer than one page, and the state right after a given revision', async () => {
    await kernel.store.append('counter-acme/w', incrementedEvents(5002), 'no_stream');
    const loaded = await kernel.loader.load('counter-acme/w', counterDecider);
    expect(loaded).toEqual({ state: 5002, revision: 5001n });
    expect(await kernel.loader.loadUntil('counter-acme/w', counterDecider, 5000n)).toEqual({
      state: 5001,
      revision: 5000n,
    });
    expect(await kernel.loader.loadUntil('counter-acme/w', counterDecider, 9000n)).toEqual(loaded);
    const at = await kernel.loader.loadAt('counter-acme/w', counterDecider, {});
    expect([at.state, at.revision, at.lastEvent?.revision]).toEqual([5002, 5001n, 5001n]);
  });

  it('travels to a time: events recorded after it are left out', async () => {
    await run('counter-acme/x', { type: 'Increment', by: 1 });
    const [event] = await kernel.store.readStream('counter-acme/x');
    const recorded = new Date(event.recordedAt);
    const before = await kernel.loader.loadAt('counter-acme/x', counterDecider, {
      time: new Date(recorded.getTime() - 1),
    });
    expect([before.state, before.revision, before.lastEvent]).toEqual([0, -1n, undefined]);
    const at = await kernel.loader.loadAt('counter-acme/x', counterDecider, { time: recorded });
    expect([at.state, at.revision]).toEqual([1, 0n]);
  });

  it('ignores a snapshot of another policy version and names its rows', async () => {
    const policy = {
      version: 1,
      every: 1,
      toSnapshot: (s: number) => s,
      fromSnapshot: (j: unknown) => j as number,
    };
    for (let i = 0; i < 2; i++)
      await kernel.pipeline.run({
        stream: 'counter-acme/y',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
        snapshot: policy,
      });
    expect(kernel.snapshots.lastRevision('counter-acme/y')).toBe(1n);
    expect(kernel.snapshots.lastRevision('counter-acme/none')).toBeUndefined();
    expect(kernel.snapshots.load('counter-acme/y', { ...policy, version: 2 })).toBeUndefined();
    const row = kernel.kernelDb.db
      .prepare('SELECT name FROM snapshots WHERE stream = ?')
      .get('counter-acme/y');
    expect(row).toEqual({ name: 'snapshot' });
  });
});
