import { SegmentsCommand, SegmentsState } from '@engine/segments/domain';
import { DS, hour, idOf } from '@engine/segments/domain/segments.fixtures';
import { history } from './families/restore.fixtures';
import { segmentsRestore } from './families/segments.restore';
import { planRestore } from './restore.planner';
import { RestoreFamily } from './restore.types';

const publish: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(0), hour(1)] };
const markAllUnused: SegmentsCommand = { type: 'MarkAllSegmentsUnused', datasource: DS };
const asOf = history(segmentsRestore, [publish]).state;
const current = history(segmentsRestore, [publish, markAllUnused]).state;

/** The real segments family with a planner that gets it wrong, to test the generic safety net. */
function withPlanner(
  plan: RestoreFamily<SegmentsState, SegmentsCommand, never>['plan'],
): typeof segmentsRestore {
  return { ...segmentsRestore, plan };
}

describe('the generic planner never skips a difference silently', () => {
  it('given a family plan that forgets a subject, then the subject is reported as refused', () => {
    const forgetful = withPlanner(() => ({
      steps: [
        {
          command: { type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(hour(0)) },
          undoes: [],
        },
      ],
      notRestorable: [],
    }));
    const plan = planRestore(forgetful, { asOf, current, id: DS });
    expect(plan.notRestorable).toEqual([
      expect.objectContaining({ subject: idOf(hour(1)), reason: 'REFUSED_BY_RULES', current: 'unused' }),
    ]);
  });

  it("given commands the family's rules refuse, then nothing is commanded and every difference is reported", () => {
    const refused = withPlanner(() => ({
      steps: [
        { command: { type: 'MarkSegmentUnused', datasource: DS, segmentId: 'not a segment id' }, undoes: [] },
      ],
      notRestorable: [],
    }));
    const plan = planRestore(refused, { asOf, current, id: DS });
    expect(plan.steps).toEqual([]);
    expect(plan.notRestorable.map((n) => [n.subject, n.reason])).toEqual(
      [idOf(hour(0)), idOf(hour(1))].sort().map((id) => [id, 'REFUSED_BY_RULES']),
    );
    expect(plan.notRestorable[0].message).toContain('Could not parse Segment ID');
  });
});
