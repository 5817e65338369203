import type { EventMetadata, RecordedEvent } from '../event-store.port';

/** A stored event as better-sqlite3 returns it in raw mode (arrays are cheaper than row objects). */
export type EventRow = [
  position: number,
  stream: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** The columns of an EventRow, in order. */
export const EVENT_COLUMNS =
  'SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM events';

/**
 * A stored event whose metadata is parsed on first use: projections mostly read only the data,
 * and a replay reads millions of events.
 */
class StoredEvent implements RecordedEvent {
  readonly revision: bigint;
  readonly position: bigint;
  readonly data: unknown;
  #metadataJson: string;
  #metadata?: EventMetadata;

  constructor(
    readonly id: string,
    readonly streamName: string,
    readonly type: string,
    [position, , revision, , , data, metadata]: EventRow,
    readonly recordedAt: string,
  ) {
    this.revision = BigInt(revision);
    this.position = BigInt(position);
    this.data = JSON.parse(data) as unknown;
    this.#metadataJson = metadata;
  }

  get metadata(): EventMetadata {
    return (this.#metadata ??= JSON.parse(this.#metadataJson) as EventMetadata);
  }
}

export function toRecorded(row: EventRow): RecordedEvent {
  return new StoredEvent(row[3], row[1], row[4], row, row[7]);
}
