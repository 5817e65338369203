import type { RecordedEvent } from '@engine/eventstore';
import Database from 'better-sqlite3';
import { defineProjection, type ProjectionContext } from '../src/projections/define-projection';
import type { CounterEvent } from './counter.fixture';
import { counterDecider } from './counter.fixture';
import { context, kernelFixture } from './kernel.fixture';
import { typedTotals } from './typed-totals.fixture';

function recorded(type: string, data: unknown, position: number, stream = 'counter-acme/a'): RecordedEvent {
  return {
    id: `e${position}`,
    streamName: stream,
    type,
    revision: BigInt(position - 1),
    position: BigInt(position),
    data,
    metadata: {
      tenant: 'from-metadata',
      actor: 'test',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      source: 'native',
      occurredAt: `2024-01-01T00:00:0${position}.000Z`,
    },
    recordedAt: '2030-01-01T00:00:00.000Z',
  };
}

type Seen = Omit<ProjectionContext<unknown>, 'sql' | 'event'> & { by: number };

/** A projection recording what its handler saw, and the batches' last positions. */
function spy() {
  const seen: Seen[] = [];
  const contexts = new Set<unknown>();
  const batches: (bigint | undefined)[] = [];
  const definition = defineProjection<CounterEvent>()({
    name: 'spy',
    source: { file: __filename, exportName: 'none' },
    version: 1,
    categories: ['counter'],
    tables: 'CREATE TABLE IF NOT EXISTS t (x)',
    prepare: () => ({}),
    afterBatch: (_sql, last) => void batches.push(last),
    on: {
      Incremented({ by }, ctx) {
        contexts.add(ctx);
        const { tenant, stream, position, revision, time } = ctx;
        seen.push({ tenant, stream, position, revision, time, by });
      },
    },
  });
  return { definition, handler: definition.open(new Database(':memory:')), seen, contexts, batches };
}

describe('defineProjection', () => {
  it('derives the subscription filter from the handled event types', () => {
    expect(spy().definition.filter).toEqual({ categories: ['counter'], eventTypes: ['Incremented'] });
    expect(typedTotals.filter).toEqual({ categories: ['counter'], eventTypes: ['Incremented'] });
  });

  it('hands each handler its payload and a context naming tenant, stream, position, revision and time', () => {
    const { handler, seen, contexts } = spy();
    handler.apply(recorded('Incremented', { by: 2 }, 1));
    handler.apply(recorded('Incremented', { by: 3 }, 2, 'counter-glo%2Fbex/b'));
    handler.apply(recorded('Incremented', { by: 4 }, 3, 'counter'));
    expect(seen).toEqual([
      {
        tenant: 'acme',
        stream: 'counter-acme/a',
        position: 1n,
        revision: 0n,
        time: '2024-01-01T00:00:01.000Z',
        by: 2,
      },
      {
        tenant: 'glo/bex',
        stream: 'counter-glo%2Fbex/b',
        position: 2n,
        revision: 1n,
        time: '2024-01-01T00:00:02.000Z',
        by: 3,
      },
      // A stream name without a tenant falls back to the metadata's.
      {
        tenant: 'from-metadata',
        stream: 'counter',
        position: 3n,
        revision: 2n,
        time: '2024-01-01T00:00:03.000Z',
        by: 4,
      },
    ]);
    // One context per opened projection, updated in place: no object per event.
    expect(contexts.size).toBe(1);
  });

  it('refuses at compile time a misspelled event type, a mistyped payload, a forgotten type and a missing source', () => {
    const typed = defineProjection<CounterEvent>();
    const base = { name: 'x', version: 1, categories: ['counter'], tables: '', prepare: () => undefined };
    const source = { file: __filename, exportName: 'x' };
    // @ts-expect-error: there is no event type 'Incremnted' in CounterEvent
    typed({ ...base, source, on: { Incremnted: () => undefined } });
    typed({
      ...base,
      source,
      on: {
        Incremented(data) {
          // @ts-expect-error: `by` is a number
          const by: string = data.by;
          return void by;
        },
      },
    });
    // @ts-expect-error: listing `ignores` makes `on` exhaustive, and Reset is neither handled nor ignored
    typed({ ...base, source, ignores: [], on: { Incremented: () => undefined } });
    const exhaustive = typed({ ...base, source, ignores: ['Reset'], on: { Incremented: () => undefined } });
    expect(exhaustive.filter.eventTypes).toEqual(['Incremented']);
    // @ts-expect-error: without `source` the projection could not leave the main thread
    const unsourced = typed({ ...base, on: {} });
    expect(unsourced.filter.eventTypes).toEqual([]);
  });

  it('skips event types it has no handler for, and tells afterBatch the last position it applied', () => {
    const { handler, seen, batches } = spy();
    handler.beforeBatch?.();
    handler.apply(recorded('Incremented', { by: 1 }, 1));
    handler.apply(recorded('Reset', {}, 2));
    handler.afterBatch?.();
    handler.beforeBatch?.();
    handler.apply(recorded('Reset', {}, 3));
    handler.afterBatch?.();
    expect(seen.map((s) => s.position)).toEqual([1n]);
    expect(batches).toEqual([1n, undefined]);
  });

  it('with `every` instead of `on`, hands it every event whatever its type, filtered by category only', () => {
    const seen: string[] = [];
    const base = { name: 'all', version: 1, tables: '', prepare: () => undefined };
    const source = { file: __filename, exportName: 'all' };
    const everything = defineProjection()({
      ...base,
      source,
      every: ({ event, tenant, position }) => void seen.push(`${event.type}@${tenant}#${position}`),
    });
    expect(everything.filter).toBeUndefined();
    const handler = everything.open(new Database(':memory:'));
    handler.apply(recorded('Incremented', { by: 1 }, 1));
    handler.apply(recorded('Reset', {}, 2, 'other-globex/x'));
    expect(seen).toEqual(['Incremented@acme#1', 'Reset@globex#2']);
    const counters = defineProjection<CounterEvent>()({
      ...base,
      source,
      categories: ['counter'],
      every: () => {},
    });
    expect(counters.filter).toEqual({ categories: ['counter'] });
    // @ts-expect-error: one way of reading events, not both
    defineProjection<CounterEvent>()({ ...base, source, categories: [], on: {}, every: () => {} });
  });

  it('runs under the projection registry like any projection (off the main thread where the store allows)', async () => {
    const kernel = kernelFixture();
    try {
      kernel.projections.register(typedTotals);
      await kernel.projections.onApplicationBootstrap();
      for (const [stream, by] of [
        ['counter-acme/h', 2],
        ['counter-acme/h', 3],
        ['counter-globex/h', 7],
      ] as const) {
        await kernel.pipeline.run({
          stream,
          decider: counterDecider,
          command: { type: 'Increment', by },
          context: context(),
        });
      }
      expect(await kernel.projections.caughtUp([typedTotals.name])).toBe(true);
      const rows = kernel.projections
        .database(typedTotals.name)
        .prepare('SELECT tenant, stream, total FROM totals ORDER BY tenant')
        .all();
      expect(rows).toEqual([
        { tenant: 'acme', stream: 'counter-acme/h', total: 5 },
        { tenant: 'globex', stream: 'counter-globex/h', total: 7 },
      ]);
    } finally {
      await kernel.close();
    }
  }, 30_000);
});
