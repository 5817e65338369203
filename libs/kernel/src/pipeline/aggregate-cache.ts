export interface CachedAggregate<State> {
  revision: bigint;
  state: State;
  /** The store's count of other connections' commits when this was cached (if it keeps one). */
  epoch?: number;
}

/** Hot aggregates in memory with their revision; least recently used ones are evicted. */
export class AggregateCache {
  private readonly entries = new Map<string, CachedAggregate<unknown>>();

  constructor(private readonly capacity: number) {}

  /** Taking an entry removes it: the caller owns the state until it puts one back. */
  take<State>(stream: string): CachedAggregate<State> | undefined {
    const entry = this.entries.get(stream);
    if (!entry) return undefined;
    this.entries.delete(stream);
    return entry as CachedAggregate<State>;
  }

  put(stream: string, revision: bigint, state: unknown, epoch?: number): void {
    if (this.capacity <= 0) return;
    this.entries.delete(stream);
    this.entries.set(stream, { revision, state, epoch });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
