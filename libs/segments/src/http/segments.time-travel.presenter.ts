import { PastAggregate, RequestValidationError, TimeTravelRequest } from '@engine/kernel';
import { SegmentsState } from '../domain';
import { SegmentRow } from '../read-models';
import {
  nativeInterval,
  segmentCursor,
  segmentListPage,
  SegmentOrderKey,
  STATES,
} from './native-segments.params';
import { toNativeSegment } from './segment-json.presenter';

/** The list's order, as the read model's ORDER BY start, "end", version, partition_num (BINARY). */
function compareOrder(a: SegmentOrderKey, b: SegmentOrderKey): number {
  return (
    a.start - b.start ||
    a.end - b.end ||
    (a.version < b.version ? -1 : a.version > b.version ? 1 : 0) ||
    a.partitionNum - b.partitionNum
  );
}

/**
 * `GET /engine/v1/datasources/{ds}/segments?asOf=` in the live route's shape: the replayed
 * segments, filtered and ordered as the segment-used read model does (state, overlapping
 * interval; start, end, version, partitionNum), each with the last event that changed it.
 */
export function presentSegmentsAt(past: PastAggregate<SegmentsState>, { params, query }: TimeTravelRequest) {
  const state = query.state ?? 'used';
  const states = typeof state === 'string' ? STATES[state] : undefined;
  if (!states) throw new RequestValidationError(['state must be used, unused or all']);
  const interval = query.interval === undefined ? undefined : nativeInterval(String(query.interval));
  const page = segmentListPage(query);
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
  rows.sort(compareOrder);
  if (!page) return { segments: rows.map(toNativeSegment) };
  const after = page.after;
  const rest = after ? rows.filter((r) => compareOrder(r, after) > 0) : rows;
  const shown = rest.slice(0, page.limit);
  return {
    segments: shown.map(toNativeSegment),
    ...(rest.length > page.limit ? { next: segmentCursor(shown[shown.length - 1]) } : {}),
  };
}
