import { PartitionSpec } from '../domain';
import { arrayOf, boolean, object, required } from './json-body.reader';
import { readPartitionInput } from './partition.dto';

export interface BatchCreatePartitionsInput {
  ifNotExist: boolean;
  partitions: PartitionSpec[];
}

/** Body of POST .../partitions/batch-create: `{ if_not_exist, partitions: PartitionInput[] }`. */
export function readBatchCreatePartitions(body: unknown): BatchCreatePartitionsInput {
  const b = object(body, '');
  return {
    ifNotExist: required(b, 'if_not_exist', '', boolean),
    partitions: required(b, 'partitions', '', arrayOf(readPartitionInput)),
  };
}
