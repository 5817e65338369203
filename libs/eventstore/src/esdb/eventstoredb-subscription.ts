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
/** Positions at or above this are EventStoreDB's "no position": 2^64-1 as unsigned. */
const NO_POSITION = 1n << 63n;
/** Events read per look past the last delivered position while live (see `bridge`). */
const BRIDGE_PAGE = 512;
/** While live and idle, how often to look for foreign events written by other processes. */
const IDLE_LOOK_MS = 200;

/** Pushed into the client's object stream (from its callbacks), so they stay in order with events. */
type Marker = { checkpoint: Position } | { caughtUp: true };

/** Finds the position of the last event before an EventStoreDB position (see the class comment). */
export type LastEventBefore = (position: Position) => Promise<bigint | undefined>;

/** Reads $all forwards from just after an event position (or from the start for -1n). */
export type ReadAllAfter = (after: bigint, maxCount: number) => Promise<AllStreamResolvedEvent[]>;

/** A checkpoint whose port position is looked up when it is dequeued (consecutive ones coalesce). */
interface PendingCheckpoint {
  kind: 'pending';
  checkpoint: Position;
}

type QueueItem = SubscriptionItem | PendingCheckpoint;

/**
 * Catch-up then live subscription to $all through a server-side filter, with EventStoreDB's
 * default search window (32 events per filtered page, a checkpoint every 32 considered events).
 *
 * Checkpoints come in three forms, depending on the server version (see
 * test/esdb-server/esdb-server-version.ts): an event's own position (prepare == commit), used as
 * is; { commit: C, prepare: 0 }, "everything before C scanned", where C is where the next record
 * starts (an event may still come at C): every port position must be a valid place to restart
 * from and C - 1 is not one, so it becomes the position of the last event before it (one
 * backwards read, made only when the checkpoint is dequeued, so a run of them costs one); and
 * servers 24.2 to 24.10.4 send (2^64-1, 2^64-1) when a subscription from the start matched
 * nothing before going live, a "no position" that is dropped (it would freeze the consumer).
 *
 * Live, a filtered consumer would lag the head by up to 31 foreign events (a live checkpoint
 * comes every 32 considered events), so whenever it has drained everything and something came
 * since the last look, one forward $all read past the last delivered position finds the run of
 * events the consumer does not want and yields a checkpoint at its end. "Live" is the server's
 * caughtUp, or always on servers before 23.10, which never send it.
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
  /** The server said caughtUp (or never says it). */
  private live: boolean;
  /** Something arrived since the last look past the delivered position. */
  private activity = true;
  private readonly start?: bigint;
  private readonly matches: (stream: string, type: string) => boolean;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly lastEventBefore: LastEventBefore,
    private readonly readAllAfter: ReadAllAfter,
    private readonly onClose: () => void,
    sendsCaughtUp: Promise<boolean>,
  ) {
    // 0n is the port's "beginning" (the head of an empty store), as omitting the position; no
    // user event is at 0 (EventStoreDB's log starts with an epoch record), so neither is a checkpoint.
    this.start = options.fromPosition && options.fromPosition > 0n ? options.fromPosition : undefined;
    this.last = this.start ?? 0n;
    this.live = false;
    void sendsCaughtUp.then((sends) => {
      if (sends) return;
      this.live = true;
      this.wake?.();
    });
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
    this.subscribe();
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
        if (this.live && this.activity) {
          this.activity = false;
          await this.bridge(yielded);
          continue;
        }
        await this.idle();
      }
    } finally {
      await this.close();
    }
  }

  /**
   * Waits for the server or a nudge; live, also looks again after a while, for foreign events
   * other processes wrote (the server reports them only every 32). Time changes only latency.
   */
  private async idle(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.live) {
        timer = setTimeout(() => {
          this.activity = true;
          resolve();
        }, IDLE_LOOK_MS);
      }
    });
    clearTimeout(timer);
    this.wake = undefined;
  }

  /** Something was written (by this process): look past the delivered position when drained. */
  nudge(): void {
    this.activity = true;
    this.wake?.();
  }

  private resumeIfDrained(): void {
    if (this.queue.length < HIGH_WATER / 2 && this.source?.isPaused()) this.source.resume();
  }

  private subscribe(): void {
    const push = (source: unknown, marker: Marker) => (source as { push(marker: Marker): void }).push(marker);
    const from = this.start !== undefined ? { commit: this.start, prepare: this.start } : START;
    const source = this.client.subscribeToAll({
      fromPosition: from,
      filter: serverFilter(this.options.filter, (subscription, checkpoint) =>
        push(subscription, { checkpoint }),
      ),
    });
    this.source = source;
    // 24.2+ servers say caughtUp again each time they return to live mode after falling behind.
    source.on('caughtUp', () => push(source, { caughtUp: true }));
    source.on('data', (data: AllStreamResolvedEvent | Marker) => {
      if (source !== this.source) return;
      this.activity = true;
      if ('caughtUp' in data) this.live = true;
      else if ('checkpoint' in data) this.enqueueServerCheckpoint(data.checkpoint);
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

  /** Whether the port delivers this $all event (else it is only scanned past). */
  private delivers(resolved: AllStreamResolvedEvent): boolean {
    const raw = resolved.event;
    return (
      !!raw &&
      !resolved.link &&
      !isSystemEvent(raw.streamId, raw.type) &&
      (this.matches(raw.streamId, raw.type) || this.isChangeBookkeeping(raw.streamId, raw.type, raw.metadata))
    );
  }

  private enqueueEvent(resolved: AllStreamResolvedEvent): void {
    const raw = resolved.event;
    if (!raw) return;
    const position = raw.position.commit;
    if (position <= this.last) return;
    if (!this.delivers(resolved)) {
      this.enqueueCheckpoint(position);
      return;
    }
    const event = fromResolvedEvent(resolved);
    if (!event) return;
    this.last = position;
    this.queue.push({ kind: 'event', event });
  }

  private enqueueServerCheckpoint(checkpoint: Position): void {
    // The 24.2-24.10.4 sentinel, (2^64-1, 2^64-1): no position at all.
    if (checkpoint.commit >= NO_POSITION || checkpoint.prepare >= NO_POSITION) return;
    if (checkpoint.prepare >= checkpoint.commit) return this.enqueueCheckpoint(checkpoint.commit);
    // Events before C were all scanned already; one at C itself may still come.
    if (checkpoint.commit - 1n <= this.last) return;
    this.last = checkpoint.commit - 1n;
    const tail = this.queue[this.queue.length - 1];
    if (tail?.kind === 'pending' || tail?.kind === 'checkpoint') this.queue.pop();
    this.queue.push({ kind: 'pending', checkpoint });
  }

  private async settle(item: PendingCheckpoint): Promise<SubscriptionItem | undefined> {
    try {
      const position = await this.lastEventBefore(item.checkpoint);
      return position === undefined ? undefined : { kind: 'checkpoint', position };
    } catch (error) {
      throw toPortError(error);
    }
  }

  /**
   * Live and drained: reads past the last delivered position; the events there up to the first
   * one the port delivers were scanned by nobody yet but need no delivery, so their end is a
   * checkpoint. An event the server sends later at or before it is one of them (a duplicate).
   */
  private async bridge(after: bigint): Promise<void> {
    let page: AllStreamResolvedEvent[];
    try {
      page = await this.readAllAfter(after, BRIDGE_PAGE);
    } catch (error) {
      return this.fail(toPortError(error));
    }
    let end: bigint | undefined;
    for (const resolved of page) {
      const position = resolved.event?.position.commit;
      if (position === undefined || position <= after) continue;
      if (this.delivers(resolved)) break;
      end = position;
    }
    if (end === undefined || end <= this.last || this.closed) return;
    // The full page may be followed by more to skip: look again once this one is handed over.
    if (page.length >= BRIDGE_PAGE) this.activity = true;
    this.enqueueCheckpoint(end);
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
