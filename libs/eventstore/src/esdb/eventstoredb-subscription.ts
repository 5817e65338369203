import {
  eventTypeFilter,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  SubscribeAllOptions,
  Subscription,
  SubscriptionFilter,
  SubscriptionItem,
} from '../event-store.port';
import { categoryOf } from '../stream-name';
import { toPortError } from './esdb-errors';
import { fromResolvedEvent, isSystemEvent } from './esdb-event-mapping';

/** Items buffered before the gRPC stream is paused (back-pressure reaches the server). */
const HIGH_WATER = 512;

/** Pushed into the client's object stream by checkpointReached, so it stays in order with events. */
interface CheckpointMarker {
  checkpoint: Position;
}

/**
 * Catch-up then live subscription to $all through a server-side filter.
 *
 * Ends with an error (never silently) when the server drops it: EventStoreDB catch-up
 * subscriptions do not resubscribe by themselves, so the consumer resubscribes from its own
 * checkpoint. Items are strictly increasing in position; events the filter lets through but the
 * port hides (system events, other categories) become checkpoints so consumers advance past them.
 */
export class EventStoreDbSubscription implements Subscription {
  private source?: AllStreamSubscription;
  private readonly queue: SubscriptionItem[] = [];
  private failure?: unknown;
  private closed = false;
  private wake?: () => void;
  private last: bigint;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly onClose: () => void,
  ) {
    this.last = options.fromPosition ?? -1n;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    if (this.source) throw new Error('a subscription can be iterated only once');
    const source = this.start();
    try {
      for (;;) {
        const item = this.queue.shift();
        if (item) {
          if (this.queue.length < HIGH_WATER / 2 && source.isPaused()) source.resume();
          yield item;
          continue;
        }
        if (this.closed) return;
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      await this.close();
    }
  }

  private start(): AllStreamSubscription {
    const from = this.options.fromPosition;
    const source = this.client.subscribeToAll({
      fromPosition: from === undefined ? START : { commit: from, prepare: from },
      filter: serverFilter(this.options.filter, (subscription, position) => {
        (subscription as unknown as { push(marker: CheckpointMarker): void }).push({ checkpoint: position });
      }),
    });
    this.source = source;
    const matches = clientFilter(this.options.filter);
    source.on('data', (data: AllStreamResolvedEvent | CheckpointMarker) => {
      if ('checkpoint' in data) this.enqueueCheckpoint(data.checkpoint.commit);
      else this.enqueueEvent(data, matches);
      if (this.queue.length >= HIGH_WATER) source.pause();
      this.wake?.();
    });
    source.on('error', (error: unknown) => this.fail(toPortError(error)));
    source.on('end', () => this.fail(new EventStoreUnavailableError('EventStoreDB ended the subscription')));
    return source;
  }

  private enqueueEvent(resolved: AllStreamResolvedEvent, matches: (stream: string, type: string) => boolean): void {
    const raw = resolved.event;
    const position = raw?.position.commit ?? resolved.commitPosition;
    if (!raw || position === undefined || position <= this.last) return;
    if (resolved.link || isSystemEvent(raw.streamId, raw.type) || !matches(raw.streamId, raw.type)) {
      this.enqueueCheckpoint(position);
      return;
    }
    const event = fromResolvedEvent(resolved);
    if (!event) return;
    this.last = position;
    this.queue.push({ kind: 'event', event });
  }

  private enqueueCheckpoint(position: bigint): void {
    if (position <= this.last) return;
    this.last = position;
    const tail = this.queue[this.queue.length - 1];
    // Consecutive checkpoints carry no extra information: keep only the newest.
    if (tail?.kind === 'checkpoint') tail.position = position;
    else this.queue.push({ kind: 'checkpoint', position });
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    void this.release();
    this.wake?.();
  }

  private async release(): Promise<void> {
    const source = this.source;
    if (!source) return;
    source.removeAllListeners('data');
    source.on('error', () => undefined);
    await source.unsubscribe().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.wake?.();
    this.onClose();
    if (!this.failure) await this.release();
  }
}

type CheckpointReached = (subscription: unknown, position: Position) => void;

/**
 * The server-side filter: stream prefixes for categories, else an exact type list, else all
 * non-system types. It is a pre-filter only; clientFilter decides what the port delivers.
 */
function serverFilter(filter: SubscriptionFilter | undefined, checkpointReached: CheckpointReached): Filter {
  if (filter?.categories) {
    return streamNameFilter({ prefixes: filter.categories.map((c) => `${c}-`), checkpointReached });
  }
  if (filter?.eventTypes) {
    const alternatives = filter.eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    return eventTypeFilter({ regex: `^(?:${alternatives})$`, checkpointReached });
  }
  return eventTypeFilter({ regex: '^[^$]', checkpointReached });
}

function clientFilter(filter: SubscriptionFilter | undefined): (stream: string, type: string) => boolean {
  const categories = filter?.categories ? new Set(filter.categories) : undefined;
  const types = filter?.eventTypes ? new Set(filter.eventTypes) : undefined;
  return (stream, type) => (!categories || categories.has(categoryOf(stream))) && (!types || types.has(type));
}
