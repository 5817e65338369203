import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per HTTP request: the position the caller asks its reads to reflect (`X-Engine-Position` of
 * an earlier write, given back as `X-Engine-Min-Position` or `minPosition=`), and the highest
 * position this request's commands appended (answered as `X-Engine-Position`). Kept in async
 * context so the pipeline and the query handlers need no new parameter.
 */
export interface RequestPositions {
  minPosition?: bigint;
  written?: bigint;
}

const storage = new AsyncLocalStorage<RequestPositions>();

export function runWithPositions<T>(positions: RequestPositions, work: () => T): T {
  return storage.run(positions, work);
}

export function currentPositions(): RequestPositions | undefined {
  return storage.getStore();
}

/** Called by the pipeline after each append of the current request. */
export function noteWrittenPosition(position: bigint): void {
  const positions = storage.getStore();
  if (positions && (positions.written === undefined || positions.written < position)) {
    positions.written = position;
  }
}
