import { streamName } from '@engine/eventstore';
import type { PlanEvent } from '../domain';

/** One plan = one stream `matplan-<tenant>/<uuid>`. */
export const planStream = (tenant: string, planId: string): string => streamName('matplan', tenant, planId);

/** How many partitions a decision listed in events of one type. */
export function partitionsIn(
  events: readonly PlanEvent[],
  type: 'PartitionsBackfilled' | 'PartitionsBackfillFailed' | 'PartitionsCleared',
): number {
  let n = 0;
  for (const event of events) if (event.type === type) n += event.data.partitions.length;
  return n;
}
