// Read side, helper of projection-runner.ts: readers waiting for a checkpoint, and the rate.
/** Readers waiting for a projection to reach a position, each bounded by its own timeout. */
export class PositionWaiters {
  private readonly waiters = new Set<{ position: bigint; resolve: () => void }>();

  get size(): number {
    return this.waiters.size;
  }

  /** Resolves true once `releaseUpTo` passes `position`, false after the timeout. */
  add(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  releaseUpTo(position: bigint): void {
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Nothing more will come (a stopped or failed projection): nobody waits any longer. */
  releaseAll(): void {
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }
}

/** Events applied over the last ten seconds, for the status route. */
export class EventRate {
  private readonly samples: { at: number; count: number }[] = [];

  record(count: number): void {
    if (count > 0) this.samples.push({ at: Date.now(), count });
    if (this.samples.length > 10_000) this.samples.splice(0, 5_000);
  }

  perSecond(): number {
    const since = Date.now() - 10_000;
    while (this.samples.length > 0 && this.samples[0].at < since) this.samples.shift();
    return Math.round(this.samples.reduce((sum, s) => sum + s.count, 0) / 10);
  }
}
