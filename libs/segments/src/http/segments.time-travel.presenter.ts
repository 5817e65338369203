import { PastAggregate, RequestValidationError, TimeTravelRequest } from '@engine/kernel';
import { SegmentsState } from '../domain';
import { SegmentRow } from '../read-models';
import { nativeInterval, STATES } from './native-segments.params';
import { toNativeSegment } from './segment-json.presenter';

/**
 * `GET /engine/v1/datasources/{ds}/segments?asOf=` in the live route's shape: the replayed
 * segments, filtered and ordered as the segment-used read model does (state, overlapping
 * interval; start, end, version, partitionNum), each with the last event that changed it.
 */
export function presentSegmentsAt(past: PastAggregate<SegmentsState>, { params, query }: TimeTravelRequest) {
  const states = STATES[typeof query.state === 'string' ? query.state : 'used'];
  if (!states) throw new RequestValidationError(['state must be used, unused or all']);
  const interval = typeof query.interval === 'string' ? nativeInterval(query.interval) : undefined;
  const rows: SegmentRow[] = [];
  for (const s of past.state.byId.values()) {
    const state = s.used ? 'used' : 'unused';
    if (!states.includes(state)) continue;
    if (interval && !(s.start < interval.end && s.end > interval.start)) continue;
    const changed = past.lastChange('segment', s.id);
    rows.push({
      datasource: params.datasource,
      id: s.id,
      start: s.start,
      end: s.end,
      version: s.version,
      partitionNum: s.partitionNum,
      size: s.size,
      state,
      changedPosition: changed?.position ?? 0n,
      changedAt: changed ? (changed.metadata.occurredAt ?? changed.recordedAt) : '',
    });
  }
  rows.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      (a.version < b.version ? -1 : a.version > b.version ? 1 : 0) ||
      a.partitionNum - b.partitionNum,
  );
  return { segments: rows.map(toNativeSegment) };
}
