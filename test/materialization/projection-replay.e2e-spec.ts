import { formatDay, planDecider, PlanEvent, PlanState, utcDayOf } from '@engine/materialization';
import fc from 'fast-check';
import { startEngine, TENANT, TestEngine } from '../support/engine-harness';
import { canPost, createPlan, PlanPartitions } from './can-api';

const plans = '/engine/v1/materialization/plans';
const FIRST = utcDayOf('2025-10-01');

/** Random clear / backfill / whole-table clear requests over 20 days of October 2025. */
const dayRange = fc
  .tuple(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 5 }))
  .map(([from, length]) => ({
    dateGranularity: 'DAY',
    startTime: `${formatDay(FIRST + from)}T00:00:00`,
    endTime: `${formatDay(FIRST + Math.min(19, from + length))}T12:00:00`,
  }));
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('clear' as const),
    timeRange: fc.array(dayRange, { minLength: 0, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('backfill' as const),
    successTimeRange: fc.array(dayRange, { maxLength: 2 }),
    // Failures half of the time, so failed partitions meet later refreshes and clears.
    failedTimeRange: fc.option(dayRange, { nil: undefined, freq: 2 }).map((r) => (r ? [r] : [])),
  }),
);

describe('the materialized-partitions projection agrees with the decider', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('after random request sequences, partition states equal a replay of the stream through evolve', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('FULL' as const, 'INCREMENTAL' as const),
        fc.array(operation, { minLength: 5, maxLength: 40 }),
        async (refreshType, operations) => {
          const uuid = await createPlan(engine, refreshType);
          for (const op of operations) {
            // Refused requests (conflicting ranges, empty incremental clear) must leave no trace either.
            if (op.kind === 'clear')
              await canPost(engine, 'clearPartition', { uuid, timeRange: op.timeRange });
            else await canPost(engine, 'updatePartition', { uuid, ...op });
          }

          const stream = await engine.request(
            'GET',
            `/engine/v1/streams/${encodeURIComponent(`matplan-${TENANT}/${uuid}`)}/events?limit=1000`,
          );
          const events = (stream.json as { events: PlanEvent[] }).events;
          const state: PlanState = events.reduce(planDecider.evolve, planDecider.initialState());
          if (state.status === 'absent') throw new Error('plan missing from its stream');

          const view = (await engine.request('GET', `${plans}/${uuid}`)).json as PlanPartitions;
          expect(Object.fromEntries(view.partitions.map((p) => [p.key, p.state]))).toEqual(
            Object.fromEntries(state.partitions),
          );
          if (refreshType === 'FULL') expect(view.table).toBe(state.table);

          const hit = await engine.request('GET', `${plans}/${uuid}/hit?start=2025-10-01&end=2025-10-20`);
          const servedByDecider =
            refreshType === 'FULL'
              ? state.table === 'materialized' &&
                ![...state.partitions.values()].some((s) => s !== 'materialized')
              : state.partitions.size === 20 &&
                [...state.partitions.values()].every((s) => s === 'materialized');
          expect((hit.json as { hit: boolean }).hit).toBe(servedByDecider);
        },
      ),
      { numRuns: 30, seed: 20251022 },
    );
  });
});
