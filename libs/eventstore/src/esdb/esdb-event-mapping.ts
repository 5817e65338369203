import { createHash } from 'node:crypto';
import type {
  AllStreamResolvedEvent,
  BinaryEventData,
  JSONEventData,
  ResolvedEvent,
} from '@eventstore/db-client';
import { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Category of the adapter's own Idempotency-Key claim streams (see esdb-idempotency.ts). */
export const CLAIM_CATEGORY = 'idempotency';
/** The adapter's register of multi-part changes (see esdb-change-recovery.ts). */
export const CHANGES_STREAM = 'multipart-changes';

/**
 * System events ($-prefixed types or streams) never reach the port: they are EventStoreDB's own;
 * nor do the adapter's claim streams, which are bookkeeping, not lifecycle events.
 */
export function isSystemEvent(streamName: string, type: string): boolean {
  return (
    streamName.startsWith('$') ||
    type.startsWith('$') ||
    streamName.startsWith(`${CLAIM_CATEGORY}-`) ||
    streamName === CHANGES_STREAM
  );
}

/**
 * EventStoreDB only accepts UUID event IDs. A non-UUID id is turned into a name-based UUID
 * (SHA-1, version 5 layout) so the same id always yields the same UUID and a retried append
 * stays idempotent; the id read back is then that UUID.
 */
export function toEventUuid(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const hash = createHash('sha1').update(id).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toEventData(event: NewEvent): JSONEventData | BinaryEventData {
  if (event.data instanceof Uint8Array) {
    // A piece of an event too large for one append (esdb-event-pieces.ts): a slice of its JSON.
    return {
      id: toEventUuid(event.id),
      type: event.type,
      contentType: 'application/octet-stream',
      data: event.data,
      metadata: event.metadata as unknown as BinaryEventData['metadata'],
    };
  }
  return {
    id: toEventUuid(event.id),
    type: event.type,
    contentType: 'application/json',
    // The client only types objects/arrays/strings, but it JSON-encodes whatever it gets.
    data: (event.data ?? null) as JSONEventData['data'],
    metadata: event.metadata as unknown as JSONEventData['metadata'],
  };
}

/** Bytes this event adds to an append request (data + metadata + type + framing). */
export function appendSizeOf(event: NewEvent): number {
  const data =
    event.data instanceof Uint8Array
      ? event.data.length
      : Buffer.byteLength(JSON.stringify(event.data ?? null));
  return appendSize(event.type, data, Buffer.byteLength(JSON.stringify(event.metadata)));
}

/** The same from sizes already measured: for a caller that keeps the serialised data (to cut it). */
export function appendSize(type: string, dataBytes: number, metadataBytes: number): number {
  return dataBytes + metadataBytes + Buffer.byteLength(type) + 128;
}

/**
 * Maps a resolved event to the port's shape, or undefined for system events and links.
 * The port's position is the event's commit position (see eventstoredb-event-store.ts).
 */
export function fromResolvedEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || resolved.link || isSystemEvent(event.streamId, event.type)) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) {
    throw new Error(
      `EventStoreDB returned no $all position for ${event.streamId}@${event.revision}; version 22.10 or later is required`,
    );
  }
  return {
    id: event.id,
    streamName: event.streamId,
    type: event.type,
    revision: event.revision,
    position,
    // Binary data is only ever a piece of a larger event, joined again by the reader.
    data: event.isJson ? event.data : event.data instanceof Uint8Array ? Buffer.from(event.data) : null,
    metadata: (event.metadata ?? {}) as unknown as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
}
