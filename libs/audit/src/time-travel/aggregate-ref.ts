import { streamName } from '@engine/eventstore';

/** An aggregate as the audit routes name it: a category and the stream id after the tenant. */
export interface AggregateRef {
  category: string;
  tenant: string;
  /** The id part of the stream name, components joined by `/` (e.g. `db/table`). */
  id: string;
}

export function streamOf(ref: AggregateRef): string {
  return streamName(ref.category, ref.tenant, ...ref.id.split('/'));
}
