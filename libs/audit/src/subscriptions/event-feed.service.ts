import { EVENT_STORE, EventStore, SubscriptionFilter } from '@engine/eventstore';
import { eventToJson } from '@engine/kernel';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { SseConnection } from './sse-connection';

const YIELD_EVERY = 256;

export interface FeedRequest {
  tenant: string;
  /** Exclusive start position. */
  from: bigint;
  filter: SubscriptionFilter;
}

/** Streams $all (catch-up, then live) to one SSE connection, one tenant's events only. */
@Injectable()
export class EventFeedService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventFeed');
  private readonly open = new Set<SseConnection>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async pipe(request: FeedRequest, connection: SseConnection): Promise<void> {
    const subscription = this.store.subscribeAll({ fromPosition: request.from, filter: request.filter });
    this.open.add(connection);
    void connection.whenClosed().then(() => subscription.close());
    let sinceYield = 0;
    try {
      for await (const item of subscription) {
        if (connection.closed) break;
        // A catch-up reads synchronously and a fast socket never blocks: let other requests run.
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (item.kind !== 'event' || item.event.metadata.tenant !== request.tenant) continue;
        const { event } = item;
        // Pulling the next event only after the socket took this one is the back-pressure.
        await connection.send(event.position.toString(), event.type, JSON.stringify(eventToJson(event)));
      }
    } catch (error) {
      this.logger.warn(`event feed ended: ${(error as Error).message}`);
    } finally {
      await subscription.close();
      connection.end();
      this.open.delete(connection);
    }
  }

  /** Ends every feed first: the HTTP server would otherwise wait forever for these responses. */
  beforeApplicationShutdown(): void {
    for (const connection of this.open) connection.end();
  }
}
