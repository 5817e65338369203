import type { TabletEvent } from '../domain';
import { describeSubjectSamples, SubjectSample } from '../../../../test/audit/support/subject-samples';
import { TABLET_AUDIT } from './compaction.audit';
import { COMPACTION_EVENT_SCHEMAS } from './compaction.schemas';

const rowset = (rowsetId: string) => ({ rowsetId, startVersion: 0, endVersion: 1, size: 1, segments: 1 });

const SAMPLES: Record<TabletEvent['type'], SubjectSample> = {
  TabletRegistered: { data: { rowsets: [rowset('r1')] }, subjects: ['rowset:r1'] },
  RowsetAdded: { data: { rowset: rowset('r2') }, subjects: ['rowset:r2'] },
  CompactionTriggered: {
    data: { compactionId: 'c1', compactionType: 'cumulative', inputRowsetIds: ['r1', 'r2'] },
    subjects: ['compaction:c1', 'rowset:r1', 'rowset:r2'],
  },
  CompactionStarted: { data: { compactionId: 'c1' }, subjects: ['compaction:c1'] },
  CompactionCompleted: {
    data: { compactionId: 'c1', inputRowsetIds: ['r1', 'r2'], output: rowset('r3') },
    subjects: ['compaction:c1', 'rowset:r1', 'rowset:r2', 'rowset:r3'],
  },
  CompactionFailed: {
    data: { compactionId: 'c1', reason: 'x', timedOut: false },
    subjects: ['compaction:c1'],
  },
};

describeSubjectSamples(TABLET_AUDIT, COMPACTION_EVENT_SCHEMAS, SAMPLES);
