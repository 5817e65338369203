import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopFigures {
  /** perf_hooks.monitorEventLoopDelay over the whole run, in ms (includes the OS's scheduling). */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /**
   * The longest delay this process was itself busy for: per 50 ms window, monitorEventLoopDelay's
   * max capped by the CPU time the process used in that window. A timer late because the OS ran
   * other processes (a busy 2-core machine) costs no CPU here and is not counted; a request that
   * blocks the loop for 100 ms burns 100 ms of CPU and is.
   */
  busyStallMs: number;
}

const RESOLUTION_MS = 10;
const WINDOW_MS = 50;

/** Watches the event loop of this process (the in-process engine under test) until stopped. */
export function watchEventLoop(): { stop(): EventLoopFigures } {
  const overall = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const window = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  overall.enable();
  window.enable();
  let cpu = process.cpuUsage();
  let busyStallMs = 0;
  const timer = setInterval(() => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    if (window.count > 0) {
      const lateMs = window.max / 1e6 - RESOLUTION_MS;
      busyStallMs = Math.max(busyStallMs, Math.min(lateMs, (used.user + used.system) / 1000));
    }
    window.reset();
  }, WINDOW_MS);
  return {
    stop() {
      clearInterval(timer);
      overall.disable();
      window.disable();
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      return {
        maxMs: ms(overall.max),
        p99Ms: ms(overall.percentile(99)),
        meanMs: ms(overall.mean),
        busyStallMs: Math.round(busyStallMs * 10) / 10,
      };
    },
  };
}
