import {
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  SubscribeAllOptions,
  Subscription,
  SubscriptionItem,
} from '../event-store.port';
import { toPortError } from './esdb-errors';
import { CHANGE_VOIDED } from './esdb-change-gate';
import { categoryOf } from '../stream-name';
import { fromResolvedEvent, isSystemEvent } from './esdb-event-mapping';
import { clientFilter, serverFilter } from './esdb-subscription-filters';

/** Items buffered before the gRPC stream is paused (back-pressure reaches the server). */
const HIGH_WATER = 512;
/** Live: a checkpoint after every considered event, so filtered consumers keep up with the head. */
const LIVE_WINDOW = 1;

/** Pushed into the client's object stream (from its callbacks), so they stay in order with events. */
type Marker = { checkpoint: Position } | { caughtUp: true };

/** Finds the position of the last event before an EventStoreDB position (see the class comment). */
export type LastEventBefore = (position: Position) => Promise<bigint | undefined>;

/** A checkpoint whose port position is still being looked up. */
interface PendingCheckpoint {
  kind: 'pending';
  position: Promise<bigint | undefined>;
}

type QueueItem = SubscriptionItem | PendingCheckpoint;

/**
 * Catch-up then live subscription to $all through a server-side filter.
 *
 * Two phases: the catch-up runs with EventStoreDB's default search window (32 events per filtered
 * page, a checkpoint every 32 considered events). When the server reports "caught up", it is
 * replaced by a subscription from the exact last position seen, with a window of 1, so that while
 * live every event that does not match yields a checkpoint at once; otherwise a filtered consumer
 * would lag the head by up to 31 foreign events (and a read-your-writes wait on it would time out).
 *
 * Checkpoints: catch-up ones come as { commit: C, prepare: 0 }, "everything before C scanned",
 * where C is where the next record starts; an event may still come at C. Every port position must
 * be a valid place to restart from, and C - 1 is not one, so such a checkpoint is yielded as the
 * position of the last event before it (one backwards read). Live ones are an event's own position
 * (prepare == commit) and are used as is.
 *
 * Ends with an error (never silently) when the server drops it: EventStoreDB catch-up
 * subscriptions do not resubscribe by themselves, so the consumer resubscribes from its own
 * checkpoint. Items are strictly increasing in position; events the filter lets through but the
 * port hides (system events, other categories) become checkpoints so consumers advance past them.
 */
export class EventStoreDbSubscription implements Subscription {
  private source?: AllStreamSubscription;
  private readonly queue: QueueItem[] = [];
  private failure?: unknown;
  private closed = false;
  private wake?: () => void;
  /** Highest port position queued; anything at or below it is a duplicate. */
  private last: bigint;
  /** The last server position processed, where a replacement subscription continues. */
  private resumeFrom?: Position;
  private readonly matches: (stream: string, type: string) => boolean;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly lastEventBefore: LastEventBefore,
    private readonly onClose: () => void,
  ) {
    // 0n is the port's "beginning" (the head of an empty store), as omitting the position.
    this.last = options.fromPosition && options.fromPosition > 0n ? options.fromPosition : -1n;
    if (this.last >= 0n) this.resumeFrom = { commit: this.last, prepare: this.last };
    this.matches = clientFilter(options.filter);
    const categories = options.filter?.categories ? new Set(options.filter.categories) : undefined;
    // Parts of a multi-part change and voided markers in the wanted categories reach the
    // ChangeGate whatever their type (it needs them to know when a change is complete).
    this.isChangeBookkeeping = (stream, type, metadata) =>
      (!categories || categories.has(categoryOf(stream))) &&
      (type === CHANGE_VOIDED || (typeof metadata === 'object' && metadata !== null && 'part' in metadata));
  }

  private readonly isChangeBookkeeping: (stream: string, type: string, metadata: unknown) => boolean;

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    if (this.source) throw new Error('a subscription can be iterated only once');
    if (this.closed) return;
    this.start();
    let yielded = this.last;
    try {
      for (;;) {
        const item = this.queue.shift();
        if (item) {
          this.resumeIfDrained();
          const ready = item.kind === 'pending' ? await this.settle(item) : item;
          if (!ready || this.closed) continue;
          const position = ready.kind === 'event' ? ready.event.position : ready.position;
          if (position <= yielded) continue;
          yielded = position;
          yield ready;
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

  private resumeIfDrained(): void {
    if (this.queue.length < HIGH_WATER / 2 && this.source?.isPaused()) this.source.resume();
  }

  private start(live = false): void {
    const push = (source: unknown, marker: Marker) => (source as { push(marker: Marker): void }).push(marker);
    const source = this.client.subscribeToAll({
      fromPosition: this.resumeFrom ?? START,
      filter: serverFilter(
        this.options.filter,
        (subscription, checkpoint) => push(subscription, { checkpoint }),
        live ? LIVE_WINDOW : undefined,
      ),
    });
    this.source = source;
    if (!live) source.on('caughtUp', () => push(source, { caughtUp: true }));
    source.on('data', (data: AllStreamResolvedEvent | Marker) => {
      if (source !== this.source) return;
      if ('caughtUp' in data) return this.goLive(source);
      if ('checkpoint' in data) this.enqueueServerCheckpoint(data.checkpoint);
      else this.enqueueEvent(data);
      if (this.queue.length >= HIGH_WATER) source.pause();
      this.wake?.();
    });
    source.on('error', (error: unknown) => source === this.source && this.fail(toPortError(error)));
    source.on(
      'end',
      () =>
        source === this.source &&
        this.fail(new EventStoreUnavailableError('EventStoreDB ended the subscription')),
    );
  }

  /** What the catch-up subscription had not handed over yet, the live one delivers again. */
  private goLive(catchUp: AllStreamSubscription): void {
    void release(catchUp);
    this.start(true);
  }

  private enqueueEvent(resolved: AllStreamResolvedEvent): void {
    const raw = resolved.event;
    if (!raw) return;
    this.resumeFrom = raw.position;
    const position = raw.position.commit;
    if (position <= this.last) return;
    if (
      resolved.link ||
      isSystemEvent(raw.streamId, raw.type) ||
      !(
        this.matches(raw.streamId, raw.type) || this.isChangeBookkeeping(raw.streamId, raw.type, raw.metadata)
      )
    ) {
      this.enqueueCheckpoint(position);
      return;
    }
    const event = fromResolvedEvent(resolved);
    if (!event) return;
    this.last = position;
    this.queue.push({ kind: 'event', event });
  }

  private enqueueServerCheckpoint(checkpoint: Position): void {
    this.resumeFrom = checkpoint;
    if (checkpoint.prepare >= checkpoint.commit) return this.enqueueCheckpoint(checkpoint.commit);
    // Events before C were all scanned already; one at C itself may still come.
    if (checkpoint.commit - 1n <= this.last) return;
    this.last = checkpoint.commit - 1n;
    const position = this.lastEventBefore(checkpoint);
    position.catch(() => undefined);
    const tail = this.queue[this.queue.length - 1];
    if (tail?.kind === 'pending' || tail?.kind === 'checkpoint') this.queue.pop();
    this.queue.push({ kind: 'pending', position });
  }

  private async settle(item: PendingCheckpoint): Promise<SubscriptionItem | undefined> {
    try {
      const position = await item.position;
      return position === undefined ? undefined : { kind: 'checkpoint', position };
    } catch (error) {
      throw toPortError(error);
    }
  }

  private enqueueCheckpoint(position: bigint): void {
    if (position <= this.last) return;
    this.last = position;
    const tail = this.queue[this.queue.length - 1];
    // Consecutive checkpoints carry no extra information: keep only the newest.
    if (tail?.kind === 'checkpoint') tail.position = position;
    else {
      if (tail?.kind === 'pending') this.queue.pop();
      this.queue.push({ kind: 'checkpoint', position });
    }
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    if (this.source) void release(this.source);
    this.wake?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.wake?.();
    this.onClose();
    if (this.source && !this.failure) await release(this.source);
  }
}

/** Stops a client subscription and silences whatever it still emits. */
async function release(source: AllStreamSubscription): Promise<void> {
  source.removeAllListeners('data');
  source.on('error', () => undefined);
  await source.unsubscribe().catch(() => undefined);
}
