/**
 * ISO-8601 instants as Druid reads them in segment IDs and intervals: a date, optionally a time,
 * optionally an offset; no offset means UTC (Druid's default zone). Parsed by hand so the result
 * never depends on the host's time zone.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Millisecond instants outside years 0000..9999 would not print as four-digit ISO years. */
const MIN_INSTANT = -62167219200000;
const MAX_INSTANT = 253402300799999;

export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, keeps years 0..99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const instant = date.getTime() - offsetMillis(m[8]);
  return instant >= MIN_INSTANT && instant <= MAX_INSTANT ? instant : undefined;
}

const printed = new Map<number, string>();

/** `2015-09-12T16:00:00.000Z`: the one form segment IDs and intervals are printed in. */
export function formatIsoInstant(instant: number): string {
  // Bulk publishes print the same few instants over and over (versions, partitions, adjacent hours).
  let text = printed.get(instant);
  if (text === undefined) {
    if (printed.size >= 4096) printed.clear();
    text = new Date(instant).toISOString();
    printed.set(instant, text);
  }
  return text;
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5) || '0');
  return sign * (hours * 60 + minutes) * 60000;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
