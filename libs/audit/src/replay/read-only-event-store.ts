import {
  AppliedChange,
  AppendResult,
  IdempotencyClaim,
  IdempotencyRecord,
  EventStore,
  localCapabilities,
  LocalEventStoreCapabilities,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
} from '@engine/eventstore';

/** Thrown by any attempt to append through a ReadOnlyEventStore. */
export class ReadOnlyEventStoreError extends Error {
  constructor(stream: string) {
    super(`the event store is read-only here (append to ${stream} refused)`);
    this.name = 'ReadOnlyEventStoreError';
  }
}

/**
 * Wraps a store so that nothing can append through it: the replay CLI boots the whole app
 * (family modules, timers) against the live event store and must never change it.
 */
export class ReadOnlyEventStore implements EventStore {
  constructor(private readonly inner: EventStore) {}

  get name(): string {
    return `${this.inner.name} (read-only)`;
  }

  /** The inner store's (its file lets the replay run projections in a worker thread). */
  get local(): LocalEventStoreCapabilities | undefined {
    return localCapabilities(this.inner);
  }

  append(stream: string): Promise<AppendResult> {
    return Promise.reject(new ReadOnlyEventStoreError(stream));
  }

  findApplied(stream: string, claim: IdempotencyClaim): Promise<AppliedChange | undefined> {
    return this.inner.findApplied(stream, claim);
  }

  idempotencyRecord(tenant: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.inner.idempotencyRecord(tenant, key);
  }

  saveResponse(stream: string): Promise<void> {
    return Promise.reject(new ReadOnlyEventStoreError(`idempotency record of ${stream}`));
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    return this.inner.subscribeAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
