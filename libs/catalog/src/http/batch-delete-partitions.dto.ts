import { arrayOf, object, required, string } from './json-body.reader';

/** Body of POST .../partitions/batch-delete: `{ partition_values_list: [[...], ...] }`. */
export function readBatchDeletePartitions(body: unknown): string[][] {
  return required(object(body, ''), 'partition_values_list', '', arrayOf(arrayOf(string)));
}
