import { EventStore, WrongExpectedRevisionError } from '@engine/eventstore';
import { openEsdbStore } from '../../../test/esdb-server/esdb-store-fixture';
import { counterDecider, CounterCommand } from './counter.fixture';
import { context, incrementedEvents, kernelFixture, keyedContext } from './kernel.fixture';

/**
 * The revision the pipeline appends at after losing a race while other writers go on, and the
 * revision range of a stored change when revisions skip numbers (an EventStoreDB event stored in
 * pieces sits at its last piece's revision).
 */
describe('CommandPipeline: revisions', () => {
  let kernel: ReturnType<typeof kernelFixture>;
  beforeEach(() => {
    kernel = kernelFixture();
  });
  afterEach(() => kernel.close());

  it('given another writer appends before and again right after a lost append, then each of its events is folded once', async () => {
    const stream = 'counter-acme/busy';
    await kernel.store.append(stream, incrementedEvents(1, 1), 'no_stream');
    let raced = false;
    // The real store; on the first append another writer gets in first, and writes again before
    // the pipeline catches up (the conflict names a revision the stream has already passed).
    const busy = new Proxy(kernel.store, {
      get(target, property, receiver) {
        if (property === 'append')
          return async (...args: Parameters<EventStore['append']>) => {
            if (raced) return target.append(...args);
            raced = true;
            await target.append(stream, incrementedEvents(1, 10), 'any');
            try {
              return await target.append(...args);
            } catch (error) {
              if (error instanceof WrongExpectedRevisionError)
                await target.append(stream, incrementedEvents(1, 100), 'any');
              throw error;
            }
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const outcome = await kernel.pipelineOver(busy).run({
      stream,
      decider: counterDecider,
      command: { type: 'Increment', by: 1000 },
      context: context(),
    });
    expect([outcome.state, outcome.revision]).toEqual([1111, 3n]);
    expect((await kernel.store.readStream(stream)).map((e) => (e.data as { by: number }).by)).toEqual([
      1, 10, 100, 1000,
    ]);
  });

  describe('on EventStoreDB', () => {
    let esdb: Awaited<ReturnType<typeof openEsdbStore>>;
    beforeAll(async () => (esdb = await openEsdbStore()), 60_000);
    afterAll(() => esdb?.cleanup());

    it('given a change with an event stored in pieces and a change after it, when the first is retried, then its outcome is rebuilt from its own events only', async () => {
      const stream = 'counter-acme/pieces';
      const bulk: CounterCommand = { type: 'Bulk', count: 1, payload: 'x'.repeat(3 * 1024 * 1024) };
      const run = (command: CounterCommand, ctx = context()) =>
        kernel.pipelineOver(esdb.store).run({ stream, decider: counterDecider, command, context: ctx });
      const first = await run(bulk, keyedContext('pieces-1'));
      const raw = await esdb.store.readStreamRaw(stream);
      expect(raw.length).toBeGreaterThan(1);
      expect(first.revision).toBe(raw[raw.length - 1].revision);
      await run({ type: 'Increment', by: 5 });

      const retried = await run(bulk, keyedContext('pieces-1'));
      expect(retried.events.map((e) => e.type)).toEqual(['Incremented']);
      expect([retried.state, retried.revision, retried.position]).toEqual([
        1,
        first.revision,
        first.position,
      ]);
    }, 60_000);
  });
});
