/**
 * TEST HELPER. What the kernel's projection runner does with a subscription, reduced to the
 * part the fault tests check: apply each event once, remember the last position seen (event or
 * checkpoint), and on an iterator error resubscribe from it after a short backoff.
 */
import {
  EventStore,
  RecordedEvent,
  SubscriptionFilter,
  Subscription,
} from '../../libs/eventstore/src/event-store.port';

export class ResubscribingConsumer {
  readonly applied: RecordedEvent[] = [];
  readonly errors: Error[] = [];
  checkpoint: bigint;
  private subscription?: Subscription;
  private stopped = false;
  private readonly done: Promise<void>;
  private readonly waiters: { until: () => boolean; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    from: bigint,
    private readonly filter?: SubscriptionFilter,
    private readonly backoffMs = 50,
  ) {
    this.checkpoint = from;
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.subscription = this.store.subscribeAll({ fromPosition: this.checkpoint, filter: this.filter });
        for await (const item of this.subscription) {
          if (item.kind === 'event') this.apply(item.event);
          this.checkpoint = item.kind === 'event' ? item.event.position : item.position;
        }
        return;
      } catch (error) {
        this.errors.push(error as Error);
        this.release();
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs));
      }
    }
  }

  private apply(event: RecordedEvent): void {
    this.applied.push(event);
    this.release();
  }

  private release(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.until()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `until` holds; no deadline of its own (the test's timeout bounds it). */
  waitFor(until: (applied: RecordedEvent[]) => boolean): Promise<void> {
    return this.waitUntil(() => until(this.applied));
  }

  /** Resolves once the subscription has failed `count` times in all (each drop seen). */
  waitForErrors(count: number): Promise<void> {
    return this.waitUntil(() => this.errors.length >= count);
  }

  private waitUntil(until: () => boolean): Promise<void> {
    if (until()) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push({ until, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.done;
  }
}
