import type { PlanEvent } from '../domain';
import {
  describeSubjectSamples,
  SubjectSample,
  timelineOf,
} from '../../../../test/audit/support/subject-samples';
import { PLAN_AUDIT } from './materialization.audit';
import { MATERIALIZATION_EVENT_SCHEMAS } from './materialization.schemas';

const SAMPLES: Record<PlanEvent['type'], SubjectSample> = {
  MaterializationPlanCreated: { data: {}, subjects: [] },
  PartitionsBackfilled: {
    data: { runType: 'MANUAL', partitions: ['2025-10-20', '2025-10-21'] },
    subjects: ['plan-partition:2025-10-20', 'plan-partition:2025-10-21'],
  },
  PartitionsBackfillFailed: {
    data: { runType: 'MANUAL', partitions: ['2025-10-22'] },
    subjects: ['plan-partition:2025-10-22'],
  },
  PartitionsCleared: { data: { partitions: ['2025-10-20'] }, subjects: ['plan-partition:2025-10-20'] },
  MaterializationPlanCleared: { data: { partitionsCleared: 1 }, subjects: ['plan-partition:*'] },
  MaterializationPlanRefreshed: { data: { runType: 'MANUAL' }, subjects: ['plan-partition:*'] },
  MaterializationPlanDeleted: { data: {}, subjects: ['plan-partition:*'] },
};

describeSubjectSamples(PLAN_AUDIT, MATERIALIZATION_EVENT_SCHEMAS, SAMPLES);

describe('a plan partition timeline follows plan-wide changes', () => {
  it('given a plan partition backfilled and the plan cleared, its timeline has both; an unrelated key has none', () => {
    const s = SAMPLES;
    const events: [string, Record<string, unknown>][] = [
      ['PartitionsBackfilled', s.PartitionsBackfilled.data],
      ['MaterializationPlanCleared', s.MaterializationPlanCleared.data],
    ];
    expect(timelineOf(PLAN_AUDIT, '2025-10-20', events)).toEqual([
      'PartitionsBackfilled',
      'MaterializationPlanCleared',
    ]);
    expect(timelineOf(PLAN_AUDIT, '1999-01-01', events)).toEqual([]);
  });
});
