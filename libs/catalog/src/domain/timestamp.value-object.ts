import { invalidParameter } from './catalog.errors';

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):?(\d{2}))?$/;
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * An ISO-8601 date-time, rendered as LakeFormation renders it: UTC, milliseconds, `+00:00`
 * (`2023-05-30T09:06:41.372+00:00`). A missing offset means UTC. Computed field by field,
 * since Date.parse silently rolls 2023-02-30 over to March.
 */
export function normaliseTimestamp(value: string, field: string): string {
  const match = ISO_DATE_TIME.exec(value);
  const invalid = () =>
    invalidParameter(field, 'must be an ISO-8601 date-time such as 2023-05-26T08:03:42.267Z');
  if (!match) throw invalid();
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid();
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) throw invalid();
  const millis = Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  // Date.UTC reads years 0-99 as 19xx: shift by 400 years, which have exactly 146,097 days.
  const utc = Date.UTC(year + 400, month - 1, day, hour, minute - offset, second, millis) - FOUR_CENTURIES_MS;
  return new Date(utc).toISOString().replace('Z', '+00:00');
}

/** A normaliser for one batch: batches usually repeat a few time values, each is parsed once. */
export function batchTimestampNormaliser(): typeof normaliseTimestamp {
  const seen = new Map<string, string>();
  return (value, field) => {
    let normalised = seen.get(value);
    if (normalised === undefined) {
      normalised = normaliseTimestamp(value, field);
      seen.set(value, normalised);
    }
    return normalised;
  };
}
