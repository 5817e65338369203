import { decideAll } from '@engine/testing';
import { SegmentsCommand, segmentsDecider, SegmentsEvent, SegmentsState } from '@engine/segments/domain';
import { DS, hour, idOf } from '@engine/segments/domain/segments.fixtures';
import { RestoreError } from '../restore.errors';
import { restoreDecider } from '../restore.decider';
import { planRestore } from '../restore.planner';
import { segmentsRestore } from './segments.restore';

function fold(commands: SegmentsCommand[]): SegmentsState {
  return decideAll(segmentsDecider, commands).state;
}

function applyRestore(state: SegmentsState, events: SegmentsEvent[]): SegmentsState {
  return events.reduce(segmentsDecider.evolve, state);
}

const used = (state: SegmentsState, id: string) => state.byId.get(id)?.used;
const publish: SegmentsCommand = {
  type: 'PublishSegments',
  datasource: DS,
  segments: [hour(0), hour(1), hour(2)],
};
const markAllUnused: SegmentsCommand = { type: 'MarkAllSegmentsUnused', datasource: DS };

describe('segments restore', () => {
  it('given segments marked unused by mistake, when restored to before, then one step marks them used again', () => {
    const asOf = fold([publish]);
    const current = fold([publish, markAllUnused]);

    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });

    expect(plan.notRestorable).toEqual([]);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].command).toEqual({
      type: 'MarkSegmentsUsed',
      datasource: DS,
      selector: { kind: 'ids', segmentIds: [idOf(hour(0)), idOf(hour(1)), idOf(hour(2))].sort() },
    });
    expect(plan.steps[0].undoes[0]).toEqual({
      kind: 'segment',
      subject: [idOf(hour(0)), idOf(hour(1)), idOf(hour(2))].sort()[0],
      current: 'unused',
      restoredTo: 'used',
    });
    const events = restoreDecider(segmentsRestore).decide(
      {
        type: 'RestoreToPoint',
        commands: plan.steps.map((s) => s.command),
        expectedFingerprint: plan.fingerprint,
      },
      current,
    );
    expect(events).toHaveLength(1);
    const restored = applyRestore(current, events);
    expect([0, 1, 2].map((h) => used(restored, idOf(hour(h))))).toEqual([true, true, true]);
  });

  it('given a killed segment, then it is marked not restorable with its reason, and the others restored', () => {
    const asOf = fold([publish]);
    const kill: SegmentsCommand = {
      type: 'KillUnusedSegments',
      datasource: DS,
      interval: { start: hour(0).start, end: hour(0).end },
    };
    const current = fold([publish, markAllUnused, kill]);

    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });

    expect(plan.notRestorable).toEqual([
      expect.objectContaining({ subject: idOf(hour(0)), reason: 'SEGMENT_KILLED', restoredTo: 'used' }),
    ]);
    expect(plan.steps.flatMap((s) => s.undoes.map((u) => u.subject)).sort()).toEqual(
      [idOf(hour(1)), idOf(hour(2))].sort(),
    );
  });

  it('given a newer version overshadowing a segment used at the point, then it is revived one by one', () => {
    const v2: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(0, 'v2')] };
    const markV1Unused: SegmentsCommand = {
      type: 'MarkSegmentUnused',
      datasource: DS,
      segmentId: idOf(hour(0)),
    };
    const asOf = fold([publish, v2]);
    const current = fold([publish, v2, markV1Unused]);

    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });

    expect(plan.notRestorable).toEqual([]);
    expect(plan.steps.map((s) => s.command)).toEqual([
      { type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(hour(0)) },
    ]);
  });

  it('given a segment published after the point, then it is marked unused and reported, never killed', () => {
    const asOf = fold([publish]);
    const later: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(5)] };
    const current = fold([publish, later]);

    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });

    expect(plan.steps.map((s) => s.command.type)).toEqual(['MarkSegmentsUnused']);
    expect(plan.notRestorable).toEqual([
      expect.objectContaining({ subject: idOf(hour(5)), reason: 'PUBLISHED_AFTER_POINT', current: 'used' }),
    ]);
  });

  it('given a subset of subjects, then only those are restored', () => {
    const asOf = fold([publish]);
    const current = fold([publish, markAllUnused]);

    const plan = planRestore(segmentsRestore, { asOf, current, id: DS, only: new Set([idOf(hour(1))]) });

    expect(plan.steps.flatMap((s) => s.undoes.map((u) => u.subject))).toEqual([idOf(hour(1))]);
  });

  it('given the state changed since the plan, when applied, then it is refused as a conflict', () => {
    const asOf = fold([publish]);
    const current = fold([publish, markAllUnused]);
    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });
    const changed = fold([
      publish,
      markAllUnused,
      { type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(hour(2)) },
    ]);

    expect(() =>
      restoreDecider(segmentsRestore).decide(
        {
          type: 'RestoreToPoint',
          commands: plan.steps.map((s) => s.command),
          expectedFingerprint: plan.fingerprint,
        },
        changed,
      ),
    ).toThrow(RestoreError);
  });
});
