import { formatIsoInstant, parseIsoInstant } from './iso-instant.value-object';

/** A half-open time interval [start, end) in epoch milliseconds, start < end. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * A Joda interval (Druid parses intervals with Joda's `Interval`): `start/end`, `start/period`
 * (`2015-09-12T08:00:00.000Z/PT2H`) or `period/end`, instants in ISO-8601 and periods as
 * `P[nY][nM][nW][nD][T[nH][nM][nS]]` added in UTC calendar terms (BEHAVIOUR.md §6). Undefined
 * when malformed or not start < end.
 */
export function parseInterval(text: string): Interval | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || text.indexOf('/', slash + 1) >= 0) return undefined;
  const [left, right] = [text.slice(0, slash), text.slice(slash + 1)];
  let start = parseIsoInstant(left);
  let end = parseIsoInstant(right);
  if (start !== undefined && end === undefined) end = addPeriod(start, right, 1);
  else if (start === undefined && end !== undefined) start = addPeriod(end, left, -1);
  if (start === undefined || end === undefined || start >= end) return undefined;
  return { start, end };
}

const PERIOD =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** `instant` plus (sign 1) or minus (sign -1) an ISO-8601 period; undefined when it is no period. */
export function addPeriod(instant: number, period: string, sign: 1 | -1): number | undefined {
  const m = PERIOD.exec(period);
  if (!m || period === 'P' || period.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const seconds = Number(m[7] ?? 0);
  const from = new Date(instant);
  // Calendar fields first (Joda adds the largest field first); a month step keeps the day of the
  // month where it exists and clamps it to the month's last day otherwise (Jan 31 + P1M = Feb 28).
  const date = new Date(
    Date.UTC(
      from.getUTCFullYear(),
      from.getUTCMonth() + sign * (years * 12 + months),
      1,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  date.setUTCDate(date.getUTCDate() + sign * (weeks * 7 + days));
  const exact = ((hours * 60 + minutes) * 60 + seconds) * 1000;
  return date.getTime() + sign * exact;
}

export function formatInterval(interval: Interval): string {
  return `${formatIsoInstant(interval.start)}/${formatIsoInstant(interval.end)}`;
}

/** Druid's containment: the whole of `inner` lies inside `outer`. */
export function intervalContains(outer: Interval, inner: Interval): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
