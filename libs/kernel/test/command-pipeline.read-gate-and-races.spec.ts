import { IdempotencyClaim } from '@engine/eventstore';
import { openEsdbStore } from '../../../test/esdb-server/esdb-store-fixture';
import { EventStoreDbEventStore } from '../../eventstore/src/esdb/eventstoredb-event-store';
import { writerDiesAtAppend } from '../../eventstore/test/fixtures/writer-dies-at-append';
import { CommandContext } from '../src/context/command-context';
import { runWithPositions } from '../src/projections/request-positions';
import { counterDecider, CounterCommand, totals } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, keyedContext, totalOf } from './kernel.fixture';
import { typedTotals } from './typed-totals.fixture';

/**
 * What the pipeline tells the rest of the engine after a command (the read gate, the request's
 * position) and the two races an append can lose: a change hidden from readers at the stream's
 * tail (EventStoreDB), and another process applying the same Idempotency-Key claim first.
 */
describe('CommandPipeline: read gate, positions and races', () => {
  let kernel: ReturnType<typeof kernelFixture>;
  beforeEach(() => {
    kernel = kernelFixture();
  });
  afterEach(() => kernel.close());

  const run = (stream: string, command: CounterCommand, ctx: CommandContext = context()) =>
    kernel.pipeline.run({ stream, decider: counterDecider, command, context: ctx });
  /** The position a request is told its answer reflects (X-Engine-Position). */
  const positionOf = async (work: () => Promise<unknown>) => {
    const seen: { written?: bigint } = {};
    await runWithPositions(seen, work);
    return seen.written;
  };

  it.each([
    ['counter-totals', 'filters by category'],
    ['typed-counter-totals', 'filters by category and event type'],
  ])(
    'given a read model that %s (%s), when a request appends, then a read through the gate waits until it shows the write',
    async (name) => {
      kernel.projections.register(totals);
      kernel.projections.register(typedTotals);
      await kernel.projections.onApplicationBootstrap();
      for (const by of [2, 3]) {
        await runWithPositions({}, () => run('counter-acme/gate', { type: 'Increment', by }));
        // The read models apply on worker threads and have not been told yet: the gate must hold.
        const gate = kernel.projections.caughtUp([name]);
        expect(gate).not.toBe(true);
        await gate;
      }
      expect(totalOf(kernel.projections.database(name), 'counter-acme/gate')).toBe(5);
    },
  );

  it('given an unchanged command on a stream of two events, then the request is told the position of the last one', async () => {
    const first = await run('counter-acme/two', { type: 'Increment', by: 1 });
    await run('counter-acme/elsewhere', { type: 'Increment', by: 1 });
    const last = await run('counter-acme/two', { type: 'Increment', by: 1 });
    await run('counter-acme/elsewhere', { type: 'Increment', by: 1 });
    expect(last.position).toBeGreaterThan(first.position!);
    expect(await positionOf(() => run('counter-acme/two', { type: 'Increment', by: 0 }))).toBe(last.position);
  });

  it('given another process applies the same claim between the check and the append, then the answer is its change, applied once', async () => {
    const command: CounterCommand = { type: 'Increment', by: 1 };
    const stream = 'counter-acme/claimed';
    await run(stream, { type: 'Increment', by: 10 });
    const otherProcess = kernel.pipelineOver();
    let theirs: Awaited<ReturnType<typeof run>> | undefined;
    // The real store, with the other process's request run right after this one's claim check.
    const racing = new Proxy(kernel.store, {
      get(target, property, receiver) {
        if (property === 'findApplied')
          return async (s: string, claim: IdempotencyClaim) => {
            const found = await target.findApplied(s, claim);
            theirs ??= await otherProcess.run({
              stream,
              decider: counterDecider,
              command,
              context: keyedContext('race'),
            });
            return found;
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const ours = await kernel
      .pipelineOver(racing)
      .run({ stream, decider: counterDecider, command, context: keyedContext('race') });
    expect(theirs).toMatchObject({ state: 11, revision: 1n });
    expect(ours).toEqual(theirs);
    expect((await kernel.store.readStream(stream)).map((e) => e.data)).toEqual([{ by: 10 }, { by: 1 }]);
  });

  describe('on EventStoreDB', () => {
    let esdb: Awaited<ReturnType<typeof openEsdbStore>>;
    beforeAll(async () => (esdb = await openEsdbStore()), 60_000);
    afterAll(() => esdb?.cleanup());

    const big = (count: number) => incrementedEvents(count, 1, 'x'.repeat(300 * 1024));

    it.each([
      ['after earlier events', true],
      ['as the first change of the stream', false],
    ])(
      'given a multi-part change whose writer died %s (hidden from readers), when a command appends, then it goes after it',
      async (_, before) => {
        const stream = `counter-acme/torn-${String(before)}`;
        const pipeline = kernel.pipelineOver(esdb.store);
        const decide = (by: number) =>
          pipeline.run({
            stream,
            decider: counterDecider,
            command: { type: 'Increment', by },
            context: context(),
          });
        if (before) await decide(1);
        const writer = writerDiesAtAppend(esdb.store as EventStoreDbEventStore, 2);
        try {
          await expect(esdb.store.append(stream, big(5), before ? 0n : 'no_stream')).rejects.toThrow(
            'killed',
          );
        } finally {
          writer.revive();
        }
        const hidden = (await esdb.store.readStreamRaw(stream)).slice(-1)[0].revision;
        const outcome = await decide(2);
        expect(outcome.state).toBe(before ? 3 : 2);
        expect(outcome.revision).toBe(hidden + 1n);
        expect((await esdb.store.readStream(stream)).map((e) => e.data)).toEqual(
          before ? [{ by: 1 }, { by: 2 }] : [{ by: 2 }],
        );
      },
      60_000,
    );
  });
});
