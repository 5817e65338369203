import type { SegmentsEvent } from '../domain';
import { describeSubjectSamples, SubjectSample } from '../../../../test/audit/support/subject-samples';
import { SEGMENTS_AUDIT } from './segments.audit';
import { SEGMENTS_EVENT_SCHEMAS } from './segments.schemas';

const SAMPLES: Record<SegmentsEvent['type'], SubjectSample> = {
  SegmentsPublished: {
    data: { segments: [{ id: 's1' }, { id: 's2' }] },
    subjects: ['segment:s1', 'segment:s2'],
  },
  SegmentsMarkedUnused: { data: { segmentIds: ['s1'] }, subjects: ['segment:s1'] },
  SegmentsMarkedUsed: { data: { segmentIds: ['s1'] }, subjects: ['segment:s1'] },
  UnusedSegmentsKilled: { data: { segmentIds: ['s2'] }, subjects: ['segment:s2'] },
};

describeSubjectSamples(SEGMENTS_AUDIT, SEGMENTS_EVENT_SCHEMAS, SAMPLES);
