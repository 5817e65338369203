import { IdempotencyKeyReusedError, SqliteEventStore } from '@engine/eventstore';
import * as path from 'node:path';
import { DomainError } from '../src/domain';
import { counterDecider } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, keyedContext } from './kernel.fixture';

describe('CommandPipeline', () => {
  let kernel: ReturnType<typeof kernelFixture>;
  beforeEach(() => {
    kernel = kernelFixture();
  });
  afterEach(() => kernel.close());

  const run = (stream: string, command: Parameters<typeof counterDecider.decide>[0], ctx = context()) =>
    kernel.pipeline.run({ stream, decider: counterDecider, command, context: ctx });

  it('appends the decided events with the envelope metadata', async () => {
    const ctx = context({ source: 'druid', actor: 'key:abc' });
    const outcome = await run('counter-acme/a', { type: 'Increment', by: 3 }, ctx);
    expect(outcome.state).toBe(3);
    expect(outcome.revision).toBe(0n);
    const [event] = await kernel.store.readStream('counter-acme/a');
    expect(event.position).toBe(outcome.position);
    expect(event.metadata).toEqual({
      tenant: 'acme',
      actor: 'key:abc',
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      source: 'druid',
      occurredAt: '2025-06-01T12:00:00.000Z',
    });
  });

  it('appends nothing when the decision is empty and propagates domain errors', async () => {
    await run('counter-acme/b', { type: 'Increment', by: 2 });
    const unchanged = await run('counter-acme/b', { type: 'Increment', by: 0 });
    expect(unchanged.position).toBeUndefined();
    expect(unchanged.state).toBe(2);
    await expect(run('counter-acme/b', { type: 'Increment', by: 2_000_000 })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(await kernel.store.readStream('counter-acme/b')).toHaveLength(1);
    expect((await run('counter-acme/b', { type: 'Increment', by: 1 })).state).toBe(3);
  });

  it('serializes concurrent commands on one stream so none is lost', async () => {
    await Promise.all(Array.from({ length: 50 }, () => run('counter-acme/c', { type: 'Increment', by: 1 })));
    const loaded = await kernel.loader.load('counter-acme/c', counterDecider);
    expect(loaded.state).toBe(50);
    expect(loaded.revision).toBe(49n);
  });

  it('re-decides after another process wrote to the stream (expected revision conflict)', async () => {
    await run('counter-acme/d', { type: 'Increment', by: 1 });
    // A second pipeline over the same store plays the other engine process; its cache is cold.
    const other = kernel.pipelineOver();
    await other.run({
      stream: 'counter-acme/d',
      decider: counterDecider,
      command: { type: 'Increment', by: 10 },
      context: context(),
    });
    const outcome = await run('counter-acme/d', { type: 'Increment', by: 100 });
    expect(outcome.state).toBe(111);
    expect(outcome.revision).toBe(2n);
  });

  it('trusts a cached state only while no other connection has written to the store', async () => {
    await run('counter-acme/e', { type: 'Increment', by: 3 });
    await run('counter-acme/e', { type: 'Reset' });
    // Another engine process (its own connection to the same file) increments meanwhile.
    const elsewhere = new SqliteEventStore({ file: path.join(kernel.config.dataDir, 'events.sqlite') });
    await elsewhere.append('counter-acme/e', incrementedEvents(1, 5), 1n);
    await elsewhere.close();
    // A Reset decided on the cached state (0) would record nothing; the tail read finds the 5.
    const outcome = await run('counter-acme/e', { type: 'Reset' });
    expect(outcome.events).toEqual([{ type: 'Reset', data: {} }]);
    expect(outcome.revision).toBe(3n);
  });

  it('derives event ids from the idempotency key so a retried append writes nothing', async () => {
    const first = await run('counter-acme/e', { type: 'Increment', by: 5 }, keyedContext('key-1', 'f1'));
    const [event] = await kernel.store.readStream('counter-acme/e');
    expect(event.metadata.idempotencyKey).toBe('key-1');
    // The store recognises the same ids at the same revision (a retry after an unknown outcome).
    const replay = await kernel.store.append(
      'counter-acme/e',
      [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }],
      'no_stream',
    );
    expect(replay.position).toBe(first.position);
    expect(await kernel.store.readStream('counter-acme/e')).toHaveLength(1);
  });

  it('answers a retried request with the first outcome from the store, deciding nothing again', async () => {
    const first = await run('counter-acme/i', { type: 'Increment', by: 5 }, keyedContext('key-2', 'f2'));
    await run('counter-acme/i', { type: 'Increment', by: 1 });
    // A new pipeline plays another engine process (or this one after a restart): nothing in memory.
    const other = kernel.pipelineOver();
    const retried = await other.run({
      stream: 'counter-acme/i',
      decider: counterDecider,
      command: { type: 'Increment', by: 5 },
      context: keyedContext('key-2', 'f2'),
    });
    expect(retried).toEqual(first);
    expect(retried.state).toBe(5);
    expect(await kernel.store.readStream('counter-acme/i')).toHaveLength(2);
  });

  it('refuses the same key with another request (422) and keeps keys per tenant', async () => {
    await run('counter-acme/j', { type: 'Increment', by: 1 }, keyedContext('key-3', 'f3'));
    await expect(
      run('counter-acme/j', { type: 'Increment', by: 2 }, keyedContext('key-3', 'another')),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await kernel.store.idempotencyRecord('acme', 'key-3')).toEqual({ fingerprint: 'f3' });
    // Another tenant's key of the same name is its own.
    const theirs = await run(
      'counter-globex/j',
      { type: 'Increment', by: 7 },
      keyedContext('key-3', 'g', 'globex'),
    );
    expect(theirs.state).toBe(7);
    expect(await kernel.store.readStream('counter-acme/j')).toHaveLength(1);
  });

  it('numbers the appends of one request per stream, so two commands of a request are both applied', async () => {
    const ctx = keyedContext('key-4', 'f4');
    await run('counter-acme/k', { type: 'Increment', by: 1 }, ctx);
    await run('counter-acme/k', { type: 'Increment', by: 2 }, ctx);
    expect((await kernel.loader.load('counter-acme/k', counterDecider)).state).toBe(3);
    // The retry replays both, in order.
    const retry = keyedContext('key-4', 'f4');
    expect((await run('counter-acme/k', { type: 'Increment', by: 1 }, retry)).state).toBe(1);
    expect((await run('counter-acme/k', { type: 'Increment', by: 2 }, retry)).state).toBe(3);
    expect(await kernel.store.readStream('counter-acme/k')).toHaveLength(2);
  });

  it('appends a decision over 1 MiB as one append: one transaction, no parts', async () => {
    const payload = 'x'.repeat(100 * 1024);
    const outcome = await run('counter-acme/f', { type: 'Bulk', count: 25, payload });
    const events = await kernel.store.readStream('counter-acme/f');
    expect(events).toHaveLength(25);
    expect(outcome.revision).toBe(24n);
    expect(events.every((e) => e.metadata.part === undefined)).toBe(true);
  });

  it('loads from a snapshot plus the stream tail', async () => {
    const policy = {
      version: 1,
      every: 3,
      toSnapshot: (s: number) => ({ s }),
      fromSnapshot: (j: unknown) => (j as { s: number }).s,
    };
    for (let i = 0; i < 7; i++) {
      await kernel.pipeline.run({
        stream: 'counter-acme/g',
        decider: counterDecider,
        command: { type: 'Increment', by: 1 },
        context: context(),
        snapshot: policy,
      });
    }
    const snapshot = kernel.snapshots.load('counter-acme/g', policy);
    expect(snapshot).toEqual({ revision: 5n, state: 6 });
    const loaded = await kernel.loader.load('counter-acme/g', counterDecider, policy);
    expect(loaded).toEqual({ state: 7, revision: 6n });
  });

  it('replays up to a position for time travel', async () => {
    await run('counter-acme/h', { type: 'Increment', by: 1 });
    const middle = await run('counter-acme/h', { type: 'Increment', by: 2 });
    await run('counter-acme/h', { type: 'Increment', by: 4 });
    const past = await kernel.loader.loadAt('counter-acme/h', counterDecider, { position: middle.position });
    expect(past.state).toBe(3);
    expect(past.revision).toBe(1n);
  });

  it('uses the SQLite store in these tests', () => {
    expect(kernel.store).toBeInstanceOf(SqliteEventStore);
  });
});
