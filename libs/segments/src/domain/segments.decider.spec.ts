import { byIds, given, interval, markUnused } from './segments.decider-spec.helpers';
import { changed, DS, hour, idOf, ids, publish, published, segment } from './segments.fixtures';

const h3 = hour(3);
const h4 = hour(4);
const h5 = hour(5);
const day = segment('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z', 'v1');
const threeHours = [h3, h4, h5];

describe('segments decider', () => {
  describe('PublishSegments', () => {
    it('publishes new segments as used', () => {
      given([])
        .when(publish(threeHours))
        .then([published(threeHours)]);
    });

    it('changes nothing for an ID that exists, and publishes a repeated ID once', () => {
      given([published([h3])])
        .when(publish([h3, h4, h4]))
        .then([published([h4])]);
      given([published([h3])])
        .when(publish([h3]))
        .then([]);
    });

    it('refuses an invalid segment', () => {
      given([])
        .when(publish([{ ...h3, version: '' }]))
        .thenThrows('INVALID_SEGMENT');
      given([])
        .when(publish([{ ...h3, partitionNum: -1 }]))
        .thenThrows('INVALID_SEGMENT');
      given([])
        .when(publish([{ ...h3, end: h3.start }]))
        .thenThrows('INVALID_SEGMENT');
    });

    it('publishes a bulk of 12,000 segments as one event (a store with a size limit cuts it itself)', () => {
      const many = Array.from({ length: 12000 }, (_, i) => hour(i));
      given([])
        .when(publish(many))
        .then([published(many)]);
    });
  });

  describe('MarkSegmentUnused (single)', () => {
    it('marks a used segment unused', () => {
      given([published([h3])])
        .when({ type: 'MarkSegmentUnused', datasource: DS, segmentId: idOf(h3) })
        .then([changed('SegmentsMarkedUnused', [h3])]);
    });

    it('changes nothing for an unknown or already unused segment', () => {
      given([])
        .when({ type: 'MarkSegmentUnused', datasource: DS, segmentId: idOf(h3) })
        .then([]);
      given([published([h3]), ids('SegmentsMarkedUnused', [h3])])
        .when({ type: 'MarkSegmentUnused', datasource: DS, segmentId: idOf(h3) })
        .then([]);
    });

    it('refuses an ID it cannot parse for the datasource', () => {
      given([])
        .when({ type: 'MarkSegmentUnused', datasource: DS, segmentId: 'nope' })
        .thenThrows('INVALID_SEGMENT_ID', 'Could not parse Segment ID[nope] for DataSource[wikipedia_hour]');
    });
  });

  describe('MarkSegmentUsed (single)', () => {
    it('revives an unused segment even when it is overshadowed', () => {
      const newer = hour(3, 'v2');
      given([published([h3, newer]), ids('SegmentsMarkedUnused', [h3])])
        .when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(h3) })
        .then([changed('SegmentsMarkedUsed', [h3])]);
    });

    it('changes nothing for a used, unknown or unparseable segment', () => {
      given([published([h3])])
        .when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(h3) })
        .then([]);
      given([])
        .when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(h3) })
        .then([]);
      given([]).when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: 'x' }).then([]);
    });

    it('finds a segment whose version ends in an integer trail', () => {
      const odd = hour(3, 'v_2');
      given([published([odd]), ids('SegmentsMarkedUnused', [odd])])
        .when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(odd) })
        .then([changed('SegmentsMarkedUsed', [odd])]);
    });
  });

  describe('MarkSegmentsUnused', () => {
    it('by interval: only used segments fully contained; partial overlaps untouched', () => {
      given([published([hour(2), ...threeHours, hour(6), day])])
        .when(markUnused(interval('2015-09-12T03:00:00.000Z/2015-09-12T06:00:00.000Z')))
        .then([changed('SegmentsMarkedUnused', threeHours)]);
      given([published([segment('2015-09-12T02:30:00.000Z/2015-09-12T03:30:00.000Z', 'v1')])])
        .when(markUnused(interval('2015-09-12T03:00:00.000Z/2015-09-12T06:00:00.000Z')))
        .then([]);
    });

    it('by interval and versions: only those versions; an empty list changes nothing', () => {
      const h3v2 = hour(3, 'v2');
      given([published([h3, h3v2, h4])])
        .when(markUnused(interval('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z', ['v2'])))
        .then([changed('SegmentsMarkedUnused', [h3v2], ['v2'])]);
      given([published([h3, h3v2])])
        .when(markUnused(interval('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z', [])))
        .then([]);
    });

    it('by IDs: counts only real transitions; unparseable and foreign IDs are ignored', () => {
      given([published([h3, h4]), ids('SegmentsMarkedUnused', [h4])])
        .when(markUnused(byIds(idOf(h3), idOf(h3), idOf(h4), 'garbage', idOf(h5, 'koala'), idOf(h5))))
        .then([changed('SegmentsMarkedUnused', [h3])]);
    });
  });
});
