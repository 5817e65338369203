import { inStream, ProjectionSpecification } from '@engine/testing';
import type { PlanEvent } from '../domain';
import { materializedPartitionsProjection } from './materialized-partitions.projection';

const spec = ProjectionSpecification.for(materializedPartitionsProjection, { stream: 'matplan-acme/p1' });
const plans = `SELECT p.tenant, p.plan_id, p.status, p.table_status, p.created_at, p.updated_at, e.event_id
  FROM plans p JOIN events e ON e.ref = p.event_ref ORDER BY p.tenant, p.plan_id`;
const partitions = `SELECT pl.tenant, p.partition_key, p.status, e.event_id, e.event_type, e.position, e.at
  FROM partitions p JOIN plans pl ON pl.ref = p.plan_ref JOIN events e ON e.ref = p.event_ref
  ORDER BY pl.tenant, p.partition_key`;

const T0 = '2024-03-01T00:00:00.000Z';
const T1 = '2024-03-02T00:00:00.000Z';
const T2 = '2024-03-03T00:00:00.000Z';
const created = (planId = 'p1'): PlanEvent => ({
  type: 'MaterializationPlanCreated',
  data: { planId, name: `plan ${planId}`, refreshType: 'FULL', granularity: 'DAY', createdAt: T0 },
});
const backfilled = (partitions: string[], at = T1): PlanEvent => ({
  type: 'PartitionsBackfilled',
  data: { planId: 'p1', runType: 'manual', partitions, at },
});
const failed = (partitions: string[], at = T1): PlanEvent => ({
  type: 'PartitionsBackfillFailed',
  data: { planId: 'p1', runType: 'manual', partitions, at },
});
const cleared = (partitions: string[], at = T2): PlanEvent => ({
  type: 'PartitionsCleared',
  data: { planId: 'p1', partitions, at },
});
const partition = (
  key: string,
  status: string,
  position: number,
  type: string,
  at: string,
  tenant = 'acme',
) => ({
  tenant,
  partition_key: key,
  status,
  event_id: `event-${position}`,
  event_type: type,
  position: String(position),
  at,
});

describe('materialized-partitions projection', () => {
  it('a new plan is active, never materialized, and points at the event that created it', () => {
    spec.given([created()]).then(plans, [
      {
        tenant: 'acme',
        plan_id: 'p1',
        status: 'active',
        table_status: 'never',
        created_at: T0,
        updated_at: T0,
        event_id: 'event-1',
      },
    ]);
  });

  it('each partition keeps the status and the event of its last change, in event order', () => {
    spec
      .given([created(), backfilled(['2024-01-01', '2024-01-02']), failed(['2024-01-03'])])
      .when([cleared(['2024-01-01']), backfilled(['2024-01-03'], T2)])
      .then(partitions, [
        partition('2024-01-01', 'cleared', 4, 'PartitionsCleared', T2),
        partition('2024-01-02', 'materialized', 2, 'PartitionsBackfilled', T1),
        partition('2024-01-03', 'materialized', 5, 'PartitionsBackfilled', T2),
      ]);
  });

  it('clearing a FULL plan clears its materialized partitions; a refresh materializes cleared and failed ones', () => {
    const planCleared: PlanEvent = {
      type: 'MaterializationPlanCleared',
      data: { planId: 'p1', partitionsCleared: 1, at: T2 },
    };
    const refreshed: PlanEvent = {
      type: 'MaterializationPlanRefreshed',
      data: { planId: 'p1', runType: 'full', at: T2 },
    };
    const given = spec.given([created(), backfilled(['a']), failed(['b'])]);
    given
      .when([planCleared])
      .then(partitions, [
        partition('a', 'cleared', 4, 'MaterializationPlanCleared', T2),
        partition('b', 'failed', 3, 'PartitionsBackfillFailed', T1),
      ]);
    given
      .when([planCleared])
      .then('SELECT table_status, updated_at FROM plans', [{ table_status: 'cleared', updated_at: T2 }]);
    given
      .when([planCleared, refreshed])
      .then(partitions, [
        partition('a', 'materialized', 5, 'MaterializationPlanRefreshed', T2),
        partition('b', 'materialized', 5, 'MaterializationPlanRefreshed', T2),
      ]);
  });

  it('a deleted plan keeps its row, marked deleted, and loses its partitions', () => {
    const deleted: PlanEvent = { type: 'MaterializationPlanDeleted', data: { planId: 'p1', at: T2 } };
    const view = spec.given([created(), backfilled(['a']), deleted]).view();
    expect(view.rows('SELECT status, table_status, updated_at FROM plans')).toEqual([
      { status: 'deleted', table_status: 'never', updated_at: T2 },
    ]);
    expect(view.rows(partitions)).toEqual([]);
  });

  it('keeps tenants apart: the same plan id in two tenants is two plans', () => {
    spec
      .given([
        created(),
        inStream('matplan-globex/p1', created()),
        inStream('matplan-globex/p1', backfilled(['a'])),
      ])
      .then(partitions, [partition('a', 'materialized', 3, 'PartitionsBackfilled', T1, 'globex')]);
  });

  it('stops on an event of a plan it never saw created (a diverged read model)', () => {
    spec.given([backfilled(['a'])]).thenThrows(/PartitionsBackfilled for unknown plan acme\/p1/);
  });

  it('a retried batch records its events once', () => {
    spec
      .given([created()])
      .whenRetried([backfilled(['a'])])
      .then('SELECT count(*) AS events FROM events', [{ events: 2 }]);
  });
});
