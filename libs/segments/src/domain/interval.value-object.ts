import { formatIsoInstant, parseIsoInstant } from './iso-instant.value-object';

/** A half-open time interval [start, end) in epoch milliseconds, start < end. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** `start/end` as ISO-8601 instants; undefined when malformed or not start < end. */
export function parseInterval(text: string): Interval | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || text.indexOf('/', slash + 1) >= 0) return undefined;
  const start = parseIsoInstant(text.slice(0, slash));
  const end = parseIsoInstant(text.slice(slash + 1));
  if (start === undefined || end === undefined || start >= end) return undefined;
  return { start, end };
}

export function formatInterval(interval: Interval): string {
  return `${formatIsoInstant(interval.start)}/${formatIsoInstant(interval.end)}`;
}

/** Druid's containment: the whole of `inner` lies inside `outer`. */
export function intervalContains(outer: Interval, inner: Interval): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
