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

/** Where a page of the native segment list starts: after this (start, end, version, partitionNum). */
export interface SegmentOrderKey {
  start: number;
  end: number;
  version: string;
  partitionNum: number;
}

export interface SegmentListPage {
  limit: number;
  after?: SegmentOrderKey;
}

/**
 * `limit` (1..1000) and `cursor` of a paged native segment list; undefined when neither is given
 * (the list then answers whole, as before). The cursor is the `next` of the previous page.
 */
export function segmentListPage(query: Record<string, unknown>): SegmentListPage | undefined {
  const { limit, cursor } = query;
  if (limit === undefined && cursor === undefined) return undefined;
  if (
    limit !== undefined &&
    (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > 1000)
  )
    throw new RequestValidationError(['limit must be an integer from 1 to 1000']);
  let after: SegmentOrderKey | undefined;
  if (cursor !== undefined) {
    try {
      const [start, end, version, partitionNum] = JSON.parse(
        Buffer.from(String(cursor), 'base64url').toString('utf8'),
      ) as unknown[];
      if (
        typeof cursor !== 'string' ||
        !Number.isSafeInteger(start) ||
        !Number.isSafeInteger(end) ||
        typeof version !== 'string' ||
        !Number.isSafeInteger(partitionNum)
      )
        throw new Error('bad cursor');
      after = { start: start as number, end: end as number, version, partitionNum: partitionNum as number };
    } catch {
      throw new RequestValidationError(['cursor must be the next of a previous page']);
    }
  }
  return { limit: limit === undefined ? 100 : Number(limit), ...(after ? { after } : {}) };
}

export function segmentCursor(key: SegmentOrderKey): string {
  return Buffer.from(JSON.stringify([key.start, key.end, key.version, key.partitionNum]), 'utf8').toString(
    'base64url',
  );
}
