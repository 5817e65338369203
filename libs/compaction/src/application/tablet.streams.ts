import { streamName } from '@engine/eventstore';
import type { CommandOutcome } from '@engine/kernel';
import type { TabletEvent, TabletState } from '../domain';

/** What a tablet command answers: the tablet's state after it and the events it recorded. */
export type TabletOutcome = CommandOutcome<TabletState, TabletEvent>;

/** One stream per tablet: `tablet-<tenant>/<tablet_id>`. */
export function tabletStream(tenant: string, tabletId: number): string {
  return streamName('tablet', tenant, String(tabletId));
}
