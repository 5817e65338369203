import type { DomainError } from '@engine/kernel/domain';
import { planError } from './plan.errors';

/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01, UTC).
 * Plain integer maths instead of `Date`: exact for every supported year, and fast enough to
 * expand decades of daily partitions per command.
 */

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Supported calendar span: four-digit years keep keys sortable as strings. */
export const MIN_DAY = daysFromCivil(1000, 1, 1);
export const MAX_DAY = daysFromCivil(9999, 12, 31);

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The UTC day a timestamp falls on. CAN sends local date-times without a zone
 * (`2025-10-22T00:00:00`); the engine reads them as UTC. An explicit `Z` or offset is honoured
 * by converting to UTC first, so `2025-10-22T00:00:00+08:00` falls on 2025-10-21.
 */
export function utcDayOf(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (!m) throw invalidTime(text, 'expected ISO-8601, e.g. 2025-10-22T00:00:00');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalidTime(text, 'no such calendar date');
  }
  if (hour > 23 || minute > 59 || second > 59) throw invalidTime(text, 'no such time of day');
  let minutes = hour * 60 + minute;
  const zone = m[7];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    if (Number(digits.slice(1, 3)) > 18 || Number(digits.slice(3, 5)) > 59) {
      throw invalidTime(text, 'invalid UTC offset');
    }
    minutes -= zone.startsWith('+') ? offset : -offset;
  }
  const days = daysFromCivil(year, month, day) + Math.floor(minutes / 1440);
  if (days < MIN_DAY || days > MAX_DAY) throw invalidTime(text, 'years 1000 to 9999 only');
  return days;
}

function invalidTime(text: string, why: string): DomainError {
  return planError('INVALID_TIME', `Invalid time '${text}': ${why}`, { value: text });
}
