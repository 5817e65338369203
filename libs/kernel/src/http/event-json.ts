import { EventMetadata, RecordedEvent } from '@engine/eventstore';

export interface EventJson {
  id: string;
  stream: string;
  type: string;
  revision: string;
  position: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

/** The public JSON shape of a recorded event (bigints as strings). */
export function eventToJson(event: RecordedEvent): EventJson {
  return {
    id: event.id,
    stream: event.streamName,
    type: event.type,
    revision: event.revision.toString(),
    position: event.position.toString(),
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}
