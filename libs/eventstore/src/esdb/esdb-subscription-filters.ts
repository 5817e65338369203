import { eventTypeFilter, streamNameFilter, type Filter, type Position } from '@eventstore/db-client';
import { SubscriptionFilter } from '../event-store.port';
import { categoryOf } from '../stream-name';

export type CheckpointReached = (subscription: unknown, position: Position) => void;

/**
 * The server-side filter: stream prefixes for categories, else an exact type list, else all
 * non-system types. It is a pre-filter only (an empty list falls through to the last case);
 * clientFilter decides what the port delivers. The checkpoint interval is the search window
 * (multiplier 1 × EventStoreDB's default maxSearchWindow, 32 considered events).
 */
export function serverFilter(
  filter: SubscriptionFilter | undefined,
  checkpointReached: CheckpointReached,
): Filter {
  const tuning = { checkpointReached, checkpointInterval: 1 };
  if (filter?.categories?.length) {
    return streamNameFilter({ prefixes: filter.categories.map((c) => `${c}-`), ...tuning });
  }
  if (filter?.eventTypes?.length) {
    const alternatives = filter.eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    return eventTypeFilter({ regex: `^(?:${alternatives})$`, ...tuning });
  }
  return eventTypeFilter({ regex: '^[^$]', ...tuning });
}

export function clientFilter(
  filter: SubscriptionFilter | undefined,
): (stream: string, type: string) => boolean {
  const categories = filter?.categories ? new Set(filter.categories) : undefined;
  const types = filter?.eventTypes ? new Set(filter.eventTypes) : undefined;
  return (stream, type) => (!categories || categories.has(categoryOf(stream))) && (!types || types.has(type));
}
