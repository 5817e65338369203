import { PointInTime, RequestValidationError } from '@engine/kernel';

/** A moment in an aggregate's history: a recording time, a global position, or both (earlier wins). */
export interface PointInTimeQuery {
  asOf?: Date;
  atPosition?: bigint;
}

// Date with an optional time; a time must carry its zone, so `asOf` never depends on the server's.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Reads `asOf` / `atPosition` from a query string (for the audit routes and every family's
 * native GETs). Undefined when neither is present; a RequestValidationError (400) when malformed.
 * `names` reads other parameters, e.g. `fromAsOf` / `fromPosition` for the start of a diff.
 */
export function parsePointInTime(
  query: Record<string, unknown>,
  names: { asOf: string; atPosition: string } = { asOf: 'asOf', atPosition: 'atPosition' },
): PointInTimeQuery | undefined {
  const rawAsOf = query[names.asOf];
  const rawPosition = query[names.atPosition];
  const problems: string[] = [];
  const point: PointInTimeQuery = {};
  if (rawAsOf !== undefined && rawAsOf !== '') {
    const time = typeof rawAsOf === 'string' ? parseIsoInstant(rawAsOf) : undefined;
    if (!time) problems.push(`${names.asOf} must be an ISO-8601 date or date-time with a zone`);
    else point.asOf = time;
  }
  if (rawPosition !== undefined && rawPosition !== '') {
    const position = parseNonNegativeInteger(rawPosition);
    if (position === undefined) problems.push(`${names.atPosition} must be a non-negative integer`);
    else point.atPosition = position;
  }
  if (problems.length > 0) throw new RequestValidationError(problems);
  return point.asOf === undefined && point.atPosition === undefined ? undefined : point;
}

/** An ISO-8601 instant, refusing what Date would silently roll over (February 30, 24:00). */
function parseIsoInstant(text: string): Date | undefined {
  const match = ISO_8601.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((n) => Number(n ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** The AggregateLoader's form of a point in time. */
export function toLoaderPoint(point: PointInTimeQuery): PointInTime {
  return { time: point.asOf, position: point.atPosition };
}

export function parseNonNegativeInteger(raw: unknown): bigint | undefined {
  return typeof raw === 'string' && /^\d{1,20}$/.test(raw) ? BigInt(raw) : undefined;
}

/** A bounded page size from the query (default 100). */
export function parseLimit(raw: unknown, max = 1000, fallback = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new RequestValidationError([`limit must be an integer between 1 and ${max}`]);
  return value;
}
