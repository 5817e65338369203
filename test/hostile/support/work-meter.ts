import { Session } from 'node:inspector/promises';

interface PreciseCoverage {
  result: { functions: { ranges: { count: number }[] }[] }[];
}

/** Every block count V8 reports (functions and the blocks inside them), summed over all scripts. */
function blocksRun(coverage: PreciseCoverage): number {
  let sum = 0;
  for (const script of coverage.result)
    for (const fn of script.functions) for (const range of fn.ranges) sum += range.count;
  return sum;
}

export interface WorkMeter {
  /** Runs `work` alone and answers the JavaScript blocks this process executed meanwhile. */
  measure(work: () => Promise<unknown>): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Counts work with V8's precise block coverage (the inspector's Profiler domain, as `c8` uses
 * it): the same count on an idle or a loaded machine, unlike time. Start it before the code to
 * measure first runs: V8 gives block counters only to functions compiled after coverage started
 * (earlier ones report their calls only). Work inside native code (JSON.parse, RegExp,
 * Array.prototype.indexOf) counts as the one call that started it. Engine and client share this
 * process, so the client's (linear) work and the engine's background tasks are counted too.
 */
export async function startWorkMeter(): Promise<WorkMeter> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // callCount: counters that reset on every take; detailed: per block, so a loop counts each turn.
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  return {
    async measure(work) {
      await session.post('Profiler.takePreciseCoverage');
      await work();
      return blocksRun((await session.post('Profiler.takePreciseCoverage')) as PreciseCoverage);
    },
    async stop() {
      await session.post('Profiler.stopPreciseCoverage');
      session.disconnect();
    },
  };
}
