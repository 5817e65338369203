import type { RecordedEvent } from '@engine/eventstore';
import { PastAggregate, TimeTravelRequest } from '@engine/kernel';
import { planView, requirePlan } from '../application/plan-views';
import { PlanState } from '../domain';
import { PartitionRow, PlanRow } from '../read-models/materialized-partitions.reader';
import { planRange } from './request-params.parser';

/** When an event happened, as the read model records it (`at`, or `createdAt` for a creation). */
const atOf = (event: RecordedEvent) => {
  const data = event.data as { at?: string; createdAt?: string };
  return data.at ?? data.createdAt ?? event.recordedAt;
};

/** Subject kinds the presenter reads whole histories of: each partition's and the plan-wide ones (`*`). */
export const PLAN_HISTORY_OF = ['plan-partition'] as const;

/**
 * The event that last set a partition's status, as the read model stamps it: its own events
 * always; a plan-wide clear only if it moved it from materialized, a refresh only if it moved it
 * from cleared or failed (MaterializedPartitionsProjection's replaceStatus).
 */
function lastSetter(
  own: readonly RecordedEvent[],
  planWide: readonly RecordedEvent[],
): RecordedEvent | undefined {
  const events = [...own, ...planWide].sort((a, b) => (a.position < b.position ? -1 : 1));
  let status: string | undefined;
  let setter: RecordedEvent | undefined;
  for (const event of events) {
    const before = status;
    if (event.type === 'PartitionsBackfilled') status = 'materialized';
    else if (event.type === 'PartitionsBackfillFailed') status = 'failed';
    else if (event.type === 'PartitionsCleared') status = 'cleared';
    else if (event.type === 'MaterializationPlanCleared' && status === 'materialized') status = 'cleared';
    else if (event.type === 'MaterializationPlanRefreshed' && (status === 'cleared' || status === 'failed'))
      status = 'materialized';
    else continue;
    if (own.includes(event) || status !== before) setter = event;
  }
  return setter;
}

/**
 * `GET /engine/v1/materialization/plans/{uuid}?asOf=` in the live route's shape: the replayed plan
 * and its partitions, each stamped with the event that last set its state (its own, or a
 * plan-wide clear / refresh that changed it), through the same view builder as the read model's.
 */
export function presentPlanAt(past: PastAggregate<PlanState>, { params, query }: TimeTravelRequest) {
  const range = planRange(query);
  const state = past.state;
  const last = past.lastEvent;
  const plan: PlanRow | undefined =
    state.status === 'absent' || !last
      ? undefined
      : {
          ref: 0,
          planId: state.planId,
          name: state.name,
          refreshType: state.refreshType,
          granularity: state.granularity,
          status: state.status,
          tableStatus: state.table,
          createdAt: state.createdAt,
          updatedAt: atOf(last),
          eventId: last.id,
          position: last.position.toString(),
        };
  const found = requirePlan({ plan: () => plan }, '', params.uuid);
  const rows: PartitionRow[] =
    state.status === 'absent'
      ? []
      : [...state.partitions].map(([key, status]) => {
          const event = lastSetter(past.history('plan-partition', key), past.history('plan-partition', '*'));
          return {
            key,
            status,
            eventId: event?.id ?? '',
            eventType: event?.type ?? '',
            position: event?.position.toString() ?? '',
            updatedAt: event ? atOf(event) : '',
          };
        });
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return planView(
    {
      partitions: () => rows,
      partitionsBetween: (_plan, first, lastKey) => rows.filter((r) => r.key >= first && r.key <= lastKey),
    },
    found,
    range,
  );
}
