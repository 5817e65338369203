import { SegmentsCommand } from '@engine/segments/domain';
import { DS, hour, idOf } from '@engine/segments/domain/segments.fixtures';
import { planRestore } from '../restore.planner';
import { history } from './restore.fixtures';
import { segmentsRestore } from './segments.restore';

const publish: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(0), hour(1)] };
const markAllUnused: SegmentsCommand = { type: 'MarkAllSegmentsUnused', datasource: DS };
const markUsed = (segmentId: string): SegmentsCommand => ({
  type: 'MarkSegmentUsed',
  datasource: DS,
  segmentId,
});
const markUnused = (segmentId: string): SegmentsCommand => ({
  type: 'MarkSegmentUnused',
  datasource: DS,
  segmentId,
});
const plan = (before: SegmentsCommand[], since: SegmentsCommand[]) =>
  planRestore(segmentsRestore, {
    asOf: history(segmentsRestore, before).state,
    current: history(segmentsRestore, [...before, ...since]).state,
    id: DS,
  });

describe('segments restore: edge cases', () => {
  it('given a segment marked used since the point, then one command marks it unused again', () => {
    const p = plan([publish, markAllUnused], [markUsed(idOf(hour(0)))]);
    expect(p.steps).toEqual([
      {
        command: {
          type: 'MarkSegmentsUnused',
          datasource: DS,
          selector: { kind: 'ids', segmentIds: [idOf(hour(0))] },
        },
        undoes: [{ kind: 'segment', subject: idOf(hour(0)), current: 'used', restoredTo: 'unused' }],
      },
    ]);
    expect(p.notRestorable).toEqual([]);
  });

  it('given a segment published after the point and already unused, then it is only reported', () => {
    const later: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(5)] };
    const p = plan([publish], [later, markUnused(idOf(hour(5)))]);
    expect(p.steps).toEqual([]);
    expect(p.notRestorable).toEqual([
      {
        kind: 'segment',
        subject: idOf(hour(5)),
        current: 'unused',
        reason: 'PUBLISHED_AFTER_POINT',
        message:
          'Published after the point: the restore stops serving it (marked unused) but does not kill it, which would delete its data',
      },
    ]);
  });

  it('calls every subject a segment', () => {
    expect(segmentsRestore.kindOf('anything')).toBe('segment');
  });

  it('says why a killed segment cannot come back', () => {
    const kill: SegmentsCommand = {
      type: 'KillUnusedSegments',
      datasource: DS,
      interval: { start: hour(0).start, end: hour(0).end },
    };
    const p = plan([publish], [markAllUnused, kill]);
    expect(p.notRestorable.find((n) => n.reason === 'SEGMENT_KILLED')?.message).toBe(
      'Killed since the point: its metadata and deep-storage data were deleted; re-ingest the interval to bring it back',
    );
  });

  it('given several versions, then the group revive takes the segments nothing overshadows, singles the rest', () => {
    const v2: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(0, 'v2')] };
    const p = plan([publish, v2], [markUnused(idOf(hour(0))), markUnused(idOf(hour(1)))]);
    expect(p.steps).toEqual([
      {
        command: {
          type: 'MarkSegmentsUsed',
          datasource: DS,
          selector: { kind: 'ids', segmentIds: [idOf(hour(1))] },
        },
        undoes: [expect.objectContaining({ subject: idOf(hour(1)) })],
      },
      {
        command: { type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(hour(0)) },
        undoes: [expect.objectContaining({ subject: idOf(hour(0)) })],
      },
    ]);
  });
});
