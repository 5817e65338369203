import { DomainError } from '@engine/kernel/domain';
import { DeciderSpecification } from '@engine/testing';
import { Granularity } from './granularity.value-object';
import { ClearPartitions, CreatePlan, RecordBackfill } from './plan.commands';
import { planDecider } from './plan.decider';
import { PlanEvent } from './plan.events';
import { planSnapshotPolicy } from './plan.snapshot';
import { RefreshType } from './plan.state';
import { TimeRangeInput } from './time-range.value-object';

const planId = '3f0c9a52-6d1e-4c7b-9a43-0d7f1a2b5e10';
const now = '2026-01-05T10:00:00.000Z';
const created = '2026-01-01T00:00:00.000Z';
const spec = DeciderSpecification.for(planDecider);

const planCreated = (
  refreshType: RefreshType = 'INCREMENTAL',
  granularity: Granularity = 'DAY',
): PlanEvent => ({
  type: 'MaterializationPlanCreated',
  data: { planId, name: 'orders by day', refreshType, granularity, createdAt: created },
});
const backfilled = (...partitions: string[]): PlanEvent => ({
  type: 'PartitionsBackfilled',
  data: { planId, runType: 'MANUAL', partitions, at: created },
});
const failedEvent = (...partitions: string[]): PlanEvent => ({
  type: 'PartitionsBackfillFailed',
  data: { planId, runType: 'MANUAL', partitions, at: created },
});
const cleared = (...partitions: string[]): PlanEvent => ({
  type: 'PartitionsCleared',
  data: { planId, partitions, at: now },
});
const day = (startTime: string, endTime = startTime): TimeRangeInput => ({
  dateGranularity: 'DAY',
  startTime,
  endTime,
});

const create = (overrides: Partial<CreatePlan> = {}): CreatePlan => ({
  type: 'CreatePlan',
  planId,
  name: 'orders by day',
  refreshType: 'INCREMENTAL',
  granularity: 'DAY',
  now: created,
  ...overrides,
});
const clear = (...timeRange: TimeRangeInput[]): ClearPartitions => ({
  type: 'ClearPartitions',
  planId,
  timeRange,
  now,
});
const backfill = (success: TimeRangeInput[], failed: TimeRangeInput[] = []): RecordBackfill => ({
  type: 'RecordBackfill',
  planId,
  runType: 'MANUAL',
  successTimeRange: success,
  failedTimeRange: failed,
  now,
});
const withCode = (code: string) => (error: Error) => {
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code });
  return true;
};

describe('CreatePlan', () => {
  it('creates a plan', () => {
    spec.given([]).when(create()).then([planCreated()]);
  });

  it('trims the name', () => {
    spec
      .given([])
      .when(create({ name: '  orders by day ' }))
      .then([planCreated()]);
  });

  it.each([
    ['an existing plan', [planCreated()], 'PLAN_ALREADY_EXISTS'],
    [
      'a deleted plan',
      [planCreated(), { type: 'MaterializationPlanDeleted', data: { planId, at: now } }],
      'PLAN_DELETED',
    ],
  ] as [string, PlanEvent[], string][])('refuses to create %s again', (_why, given, code) => {
    spec.given(given).when(create()).thenThrows(withCode(code));
  });

  it.each([
    ['a blank name', { name: '   ' }],
    ['a name with a control character', { name: 'a\nb' }],
    ['a 257-character name', { name: 'x'.repeat(257) }],
    ['a uuid with a slash', { planId: 'a/b' }],
    ['an empty uuid', { planId: '' }],
  ])('rejects %s', (_why, overrides) => {
    spec.given([]).when(create(overrides)).thenThrows(withCode('INVALID_PLAN'));
  });
});

describe('ClearPartitions on a partition-incremental plan', () => {
  it("clears the seed's ranges: one day and two days", () => {
    spec
      .given([planCreated(), backfilled('2025-10-19', '2025-10-20', '2025-10-21', '2025-10-22')])
      .when(clear(day('2025-10-22T00:00:00'), day('2025-10-20T00:00:00', '2025-10-21T00:00:00')))
      .then([cleared('2025-10-20', '2025-10-21', '2025-10-22')]);
  });

  it('reports only partitions that were materialized; the rest is no change, not an error', () => {
    spec
      .given([planCreated(), backfilled('2025-10-21'), failedEvent('2025-10-22'), cleared('2025-10-20')])
      .when(clear(day('2025-10-18', '2025-10-23')))
      .then([cleared('2025-10-21')]);
  });

  it('clearing nothing materialized yields no event', () => {
    spec
      .given([planCreated()])
      .when(clear(day('2025-10-18', '2025-10-23')))
      .thenNothingHappens();
  });

  it('needs a time range', () => {
    spec.given([planCreated()]).when(clear()).thenThrows(withCode('EMPTY_TIME_RANGE'));
  });

  it('refuses a granularity other than the plan’s', () => {
    spec
      .given([planCreated('INCREMENTAL', 'MONTH')])
      .when(clear(day('2025-10-22')))
      .thenThrows(withCode('GRANULARITY_MISMATCH'));
  });

  it('clears at the plan’s granularity', () => {
    spec
      .given([planCreated('INCREMENTAL', 'MONTH'), backfilled('2025-09-01', '2025-10-01', '2025-11-01')])
      .when(
        clear({ dateGranularity: 'MONTH', startTime: '2025-10-31T00:00:00', endTime: '2025-11-01T00:00:00' }),
      )
      .then([cleared('2025-10-01', '2025-11-01')]);
  });

  it('fails for an unknown or deleted plan', () => {
    spec
      .given([])
      .when(clear(day('2025-10-22')))
      .thenThrows(withCode('PLAN_NOT_FOUND'));
    spec
      .given([planCreated(), { type: 'MaterializationPlanDeleted', data: { planId, at: now } }])
      .when(clear(day('2025-10-22')))
      .thenThrows(withCode('PLAN_DELETED'));
  });
});

describe('ClearPartitions on a full-refresh plan', () => {
  const refreshed: PlanEvent = {
    type: 'MaterializationPlanRefreshed',
    data: { planId, runType: 'MANUAL', at: created },
  };

  it('an empty time range clears the whole table', () => {
    spec
      .given([planCreated('FULL'), backfilled('2025-10-21', '2025-10-22'), refreshed])
      .when(clear())
      .then([{ type: 'MaterializationPlanCleared', data: { planId, partitionsCleared: 2, at: now } }]);
  });

  it('clearing a table that is not materialized changes nothing', () => {
    spec
      .given([planCreated('FULL')])
      .when(clear())
      .thenNothingHappens();
    spec
      .given([
        planCreated('FULL'),
        refreshed,
        { type: 'MaterializationPlanCleared', data: { planId, partitionsCleared: 0, at: now } },
      ])
      .when(clear())
      .thenNothingHappens();
  });

  it('with ranges clears only those partitions', () => {
    spec
      .given([planCreated('FULL'), backfilled('2025-10-21', '2025-10-22'), refreshed])
      .when(clear(day('2025-10-22')))
      .then([cleared('2025-10-22')]);
  });
});

describe('RecordBackfill', () => {
  it('marks successful ranges materialized and failed ranges failed', () => {
    spec
      .given([planCreated()])
      .when(backfill([day('2025-10-20', '2025-10-21')], [day('2025-10-22')]))
      .then([backfilled('2025-10-20', '2025-10-21'), failedEvent('2025-10-22')].map(at(now)));
  });

  it('refuses a partition reported both successful and failed', () => {
    spec
      .given([planCreated()])
      .when(backfill([day('2025-10-20', '2025-10-21')], [day('2025-10-21', '2025-10-22')]))
      .thenThrows(withCode('CONFLICTING_RANGES'));
  });

  it('needs at least one range on an incremental plan', () => {
    spec.given([planCreated()]).when(backfill([])).thenThrows(withCode('EMPTY_TIME_RANGE'));
  });

  it('a successful run on a full-refresh plan makes the whole table hit-able again', () => {
    const refreshedNow: PlanEvent = {
      type: 'MaterializationPlanRefreshed',
      data: { planId, runType: 'MANUAL', at: now },
    };
    spec
      .given([planCreated('FULL')])
      .when(backfill([]))
      .then([refreshedNow]);
    spec
      .given([planCreated('FULL')])
      .when(backfill([day('2025-10-20')]))
      .then([at(now)(backfilled('2025-10-20')), refreshedNow]);
  });

  it('a run with failures does not complete a full refresh', () => {
    spec
      .given([planCreated('FULL')])
      .when(backfill([day('2025-10-20')], [day('2025-10-21')]))
      .then([backfilled('2025-10-20'), failedEvent('2025-10-21')].map(at(now)));
  });

  it('records a run of 10,958 days as one event (a store with a size limit cuts it itself)', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2000, 0, 1); t <= Date.UTC(2029, 11, 31); t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    expect(days).toHaveLength(10958);
    spec
      .given([planCreated()])
      .when(backfill([day('2000-01-01', '2029-12-31')]))
      .then([at(now)(backfilled(...days))]);
    // A run stored cut in several events (by earlier versions) folds to the same plan.
    const cut = [backfilled(...days.slice(0, 5000)), backfilled(...days.slice(5000))];
    expect(spec.stateAfter([planCreated(), ...cut])).toEqual(
      spec.stateAfter([planCreated(), backfilled(...days)]),
    );
  });
});

describe('DeletePlan', () => {
  const deleted: PlanEvent = { type: 'MaterializationPlanDeleted', data: { planId, at: now } };

  it('deletes once; deleting again changes nothing', () => {
    spec.given([planCreated()]).when({ type: 'DeletePlan', planId, now }).then([deleted]);
    spec.given([planCreated(), deleted]).when({ type: 'DeletePlan', planId, now }).thenNothingHappens();
  });

  it('fails for an unknown plan', () => {
    spec.given([]).when({ type: 'DeletePlan', planId, now }).thenThrows(withCode('PLAN_NOT_FOUND'));
  });
});

describe('evolve', () => {
  it('a whole-table clear and a full refresh move partitions between states', () => {
    const state = spec.stateAfter([
      planCreated('FULL'),
      backfilled('2025-10-20', '2025-10-21'),
      failedEvent('2025-10-22'),
      { type: 'MaterializationPlanRefreshed', data: { planId, runType: 'MANUAL', at: now } },
    ]);
    expect(state).toMatchObject({ table: 'materialized' });
    const afterClear = planDecider.evolve(state, {
      type: 'MaterializationPlanCleared',
      data: { planId, partitionsCleared: 3, at: now },
    });
    expect(afterClear).toMatchObject({ table: 'cleared' });
    expect(afterClear.status !== 'absent' && [...afterClear.partitions.values()]).toEqual([
      'cleared',
      'cleared',
      'cleared',
    ]);
  });

  it('survives a snapshot round trip through JSON', () => {
    const state = spec.stateAfter([
      planCreated(),
      backfilled('2025-10-20', '2025-10-21'),
      cleared('2025-10-21'),
    ]);
    const json = JSON.parse(JSON.stringify(planSnapshotPolicy.toSnapshot(state))) as unknown;
    expect(planSnapshotPolicy.fromSnapshot(json)).toEqual(state);
    expect(planSnapshotPolicy.fromSnapshot(planSnapshotPolicy.toSnapshot(spec.stateAfter([])))).toEqual({
      status: 'absent',
    });
  });

  it('refuses an event before the plan exists', () => {
    expect(() => spec.stateAfter([backfilled('2025-10-20')])).toThrow(/before MaterializationPlanCreated/);
  });
});

function at(time: string) {
  return (event: PlanEvent): PlanEvent => ({ ...event, data: { ...event.data, at: time } }) as PlanEvent;
}
