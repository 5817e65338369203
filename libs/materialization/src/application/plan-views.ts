import {
  expandTimeRanges,
  Granularity,
  partitionBounds,
  partitionIndexOf,
  planError,
  PartitionStatus,
  RefreshType,
  TableStatus,
  utcDayOf,
} from '../domain';
import {
  MaterializedPartitionsReader,
  PartitionRow,
  PlanRow,
} from '../read-models/materialized-partitions.reader';

export interface PartitionView {
  key: string;
  /** Inclusive, UTC. */
  start: string;
  /** Exclusive, UTC. */
  end: string;
  state: PartitionStatus | 'never';
  /** The event that set the state (absent for 'never'). */
  eventId?: string;
  eventType?: string;
  position?: string;
  updatedAt?: string;
}

export interface PlanSummary {
  uuid: string;
  name: string;
  refreshType: RefreshType;
  granularity: Granularity;
  /** FULL plans: whether the whole table is materialized, cleared, or was never refreshed. */
  table?: TableStatus;
  createdAt: string;
  updatedAt: string;
}

export function planSummary(plan: PlanRow): PlanSummary {
  const { planId, name, refreshType, granularity, tableStatus, createdAt, updatedAt } = plan;
  return {
    uuid: planId,
    name,
    refreshType,
    granularity,
    ...(refreshType === 'FULL' ? { table: tableStatus } : {}),
    createdAt,
    updatedAt,
  };
}

/** Where a plan's partition rows come from: the read model, or a replayed past state. */
export type PartitionSource = Pick<MaterializedPartitionsReader, 'partitions' | 'partitionsBetween'>;

export interface PlanView extends PlanSummary {
  counts: Record<PartitionView['state'], number>;
  /** With a range: every partition in it (including 'never'); without: the recorded ones. */
  partitions: PartitionView[];
}

/** The native view of one plan, live (read model) or past (replayed). */
export function planView(
  source: PartitionSource,
  plan: PlanRow,
  range?: { start: string; end: string },
): PlanView {
  const partitions = range
    ? partitionsInRange(source, plan, range.start, range.end)
    : recordedPartitions(source, plan);
  const counts = { materialized: 0, cleared: 0, failed: 0, never: 0 };
  for (const p of partitions) counts[p.state]++;
  return { ...planSummary(plan), counts, partitions };
}

export function requirePlan(
  reader: Pick<MaterializedPartitionsReader, 'plan'>,
  tenant: string,
  planId: string,
): PlanRow {
  const plan = reader.plan(tenant, planId);
  if (!plan) throw planError('PLAN_NOT_FOUND', `Materialization plan ${planId} does not exist`, { planId });
  if (plan.status === 'deleted')
    throw planError('PLAN_DELETED', `Materialization plan ${planId} was deleted`, { planId });
  return plan;
}

/** Every partition of [start, end] (inclusive at the plan's granularity), recorded or not. */
export function partitionsInRange(
  reader: PartitionSource,
  plan: PlanRow,
  start: string,
  end: string,
): PartitionView[] {
  const indices = expandTimeRanges(
    [{ dateGranularity: plan.granularity, startTime: start, endTime: end }],
    plan.granularity,
  );
  if (indices.length === 0) return [];
  const views = indices.map((i) => partitionView(plan.granularity, i));
  const rows = reader.partitionsBetween(plan, views[0].key, views[views.length - 1].key);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return views.map((view) => withRow(view, byKey.get(view.key)));
}

export function recordedPartitions(reader: PartitionSource, plan: PlanRow): PartitionView[] {
  return reader
    .partitions(plan)
    .map((row) =>
      withRow(partitionView(plan.granularity, partitionIndexOf(plan.granularity, utcDayOf(row.key))), row),
    );
}

function partitionView(granularity: Granularity, index: number): PartitionView {
  return { ...partitionBounds(granularity, index), state: 'never' };
}

function withRow(view: PartitionView, row: PartitionRow | undefined): PartitionView {
  if (!row) return view;
  const { status, eventId, eventType, position, updatedAt } = row;
  return { ...view, state: status, eventId, eventType, position, updatedAt };
}
