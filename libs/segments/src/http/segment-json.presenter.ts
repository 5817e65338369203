import { formatInterval } from '../domain';
import { SegmentRow } from '../read-models';

/**
 * A segment as Druid's DataSegment JSON, limited to what the engine records: it tracks metadata
 * lifecycle, not load specs, dimensions or metrics, so those fields are left out.
 */
export function toDruidSegment(row: SegmentRow) {
  return {
    dataSource: row.datasource,
    interval: formatInterval(row),
    version: row.version,
    shardSpec: { type: 'numbered', partitionNum: row.partitionNum, partitions: 0 },
    size: row.size,
    identifier: row.id,
  };
}

/** The native API's view of a segment, with its state and last change. */
export function toNativeSegment(row: SegmentRow) {
  return {
    id: row.id,
    datasource: row.datasource,
    interval: formatInterval(row),
    version: row.version,
    partitionNum: row.partitionNum,
    size: row.size,
    state: row.state,
    lastChange: { position: row.changedPosition.toString(), at: row.changedAt },
  };
}
