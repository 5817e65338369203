import { auditFamily, touched } from '@engine/audit';
import { segmentsDecider, segmentsSnapshotPolicy } from '../domain';

const segment = touched('segment');

/** Audit view of a datasource stream; `describe` names the segments each event changed. */
export const SEGMENTS_AUDIT = auditFamily({
  category: 'datasource',
  description: 'Druid segments of one datasource',
  decider: segmentsDecider,
  snapshot: segmentsSnapshotPolicy,
  describe: (event) => {
    switch (event.type) {
      case 'SegmentsPublished':
        return event.data.segments.map((s) => segment(s.id, 'published', s));
      case 'SegmentsMarkedUnused':
        return event.data.segmentIds.map((id) => segment(id, 'marked unused'));
      case 'SegmentsMarkedUsed':
        return event.data.segmentIds.map((id) => segment(id, 'marked used'));
      case 'UnusedSegmentsKilled':
        return event.data.segmentIds.map((id) => segment(id, 'killed'));
    }
  },
  // The byStart/starts indexes are derived from byId: render the segments once.
  renderState: (state) => ({
    usedCount: state.usedCount,
    segments: [...state.byId.values()]
      .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))
      .map((s) => ({ ...s, start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() })),
  }),
});
