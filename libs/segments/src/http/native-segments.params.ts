import { RequestValidationError } from '@engine/kernel';
import { Interval } from '../domain';
import { SegmentState } from '../read-models';
import { intervalParam } from './segments-to-update.dto';

/** `state` of the native segment list. */
export const STATES: Record<string, SegmentState[]> = {
  used: ['used'],
  unused: ['unused'],
  all: ['used', 'unused'],
};

export function nativeInterval(text: string): Interval {
  const interval = intervalParam(text);
  if (!interval)
    throw new RequestValidationError(["interval must be 'start/end' ISO-8601 with start before end"]);
  return interval;
}
