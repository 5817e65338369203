import { Subscription, SubscriptionItem } from '../event-store.port';
import { ChangeGate } from './esdb-change-gate';
import { PieceJoiner } from './esdb-event-pieces';

/**
 * A subscription that delivers a multi-part change only once complete (see ChangeGate), and an
 * event stored in pieces as the one event it is (see PieceJoiner), before filtering by type.
 */
export class GatedSubscription implements Subscription {
  private readonly types?: ReadonlySet<string>;

  constructor(
    private readonly inner: Subscription,
    eventTypes: readonly string[] | undefined,
    private readonly joiner: PieceJoiner,
  ) {
    this.types = eventTypes ? new Set(eventTypes) : undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    const gate = new ChangeGate();
    for await (const item of this.inner) {
      for (const out of await this.joiner.pushAll(gate.push(item))) {
        if (out.kind === 'event' && this.types && !this.types.has(out.event.type)) {
          // Another type: the consumer still learns it was scanned.
          yield { kind: 'checkpoint', position: out.event.position };
        } else yield out;
      }
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
