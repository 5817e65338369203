import { RequestValidationError } from '@engine/kernel';

export const DEFAULT_PAGE_SIZE = 100;
/** Largest page (choice). */
export const MAX_PAGE_SIZE = 1000;

export interface ListPartitionsParams {
  limit: number;
  marker?: string;
}

/** Query of GET .../partitions: `limit` 1 to 1000 (default 100), `marker` from the previous page. */
export function readListPartitions(query: Record<string, unknown>): ListPartitionsParams {
  const { limit, marker } = query;
  if (
    limit !== undefined &&
    (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || +limit < 1 || +limit > MAX_PAGE_SIZE)
  ) {
    throw new RequestValidationError([`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`]);
  }
  if (marker !== undefined && (typeof marker !== 'string' || !/^[A-Za-z0-9_-]{1,4096}$/.test(marker))) {
    throw new RequestValidationError(['marker must be the next_marker of a previous page']);
  }
  return {
    limit: limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit),
    marker: marker as string | undefined,
  };
}
