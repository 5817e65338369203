import { PastAggregate, TimeTravelRequest } from '@engine/kernel';
import { CatalogError, Partition, partitionKey, PartitionsCreated, TableState } from '../domain';
import { readListPartitions } from './list-partitions.dto';
import { partitionDtos } from './partition.dto';

/** SQLite's BINARY order on the UTF-8 bytes, as the read model pages partitions. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * `GET .../partitions?asOf=` in the live route's shape (partitions + page_info, same paging and
 * markers): the replayed table's partition keys, each partition read back from the event that
 * last created it.
 */
export function presentPartitionsAt(past: PastAggregate<TableState>, { query }: TimeTravelRequest) {
  const { table, partitions } = past.state;
  if (!table) throw new CatalogError('TABLE_NOT_FOUND', 'The table does not exist.');
  const { limit, marker } = readListPartitions(query);
  const after = marker === undefined ? '' : Buffer.from(marker, 'base64url').toString('utf8');
  const keys = [...partitions.keys()].filter((k) => byBytes(k, after) > 0).sort(byBytes);
  const page = keys.slice(0, limit);
  const found = page.map((key): Partition => {
    const values = JSON.parse(key) as string[];
    const created = past.lastChange('partition', values.join('/'));
    const partition = (created?.data as PartitionsCreated['data'] | undefined)?.partitions?.find(
      (p) => partitionKey(p.values) === key,
    );
    if (!partition) throw new Error(`no creation event found for partition ${key}`);
    return partition;
  });
  const last = page[page.length - 1];
  return {
    partitions: partitionDtos(table, found),
    page_info: {
      next_marker: keys.length > limit && last ? Buffer.from(last, 'utf8').toString('base64url') : null,
      current_count: found.length,
    },
  };
}
