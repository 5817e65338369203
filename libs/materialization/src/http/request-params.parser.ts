import { RequestValidationError } from '@engine/kernel';

/** A query parameter given once, or undefined; repeated or empty values are refused. */
export function optionalParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 128) {
    throw new RequestValidationError([`${name} must be given once, 1-128 characters`]);
  }
  return value;
}

export function requiredParam(value: unknown, name: string): string {
  const text = optionalParam(value, name);
  if (text === undefined) throw new RequestValidationError([`${name} is required`]);
  return text;
}

/** The plan uuid from the body and/or another place (query string, path); they must agree. */
export function resolvePlanId(
  fromBody: string | undefined,
  other: string | undefined,
  otherName: string,
): string {
  if (fromBody !== undefined && other !== undefined && fromBody !== other) {
    throw new RequestValidationError([
      `uuid in the body ('${fromBody}') differs from the ${otherName} ('${other}')`,
    ]);
  }
  const planId = fromBody ?? other;
  if (planId === undefined) throw new RequestValidationError(['uuid is required']);
  return planId;
}

/** `start` and `end` of a plan GET: both or neither. */
export function planRange(query: Record<string, unknown>): { start: string; end: string } | undefined {
  const start = optionalParam(query.start, 'start');
  const end = optionalParam(query.end, 'end');
  if ((start === undefined) !== (end === undefined)) {
    throw new RequestValidationError(['give both start and end, or neither']);
  }
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}
