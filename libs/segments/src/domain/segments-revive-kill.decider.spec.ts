import { byIds, given, interval, markUsed } from './segments.decider-spec.helpers';
import { changed, DS, hour, idOf, ids, publish, published, segment } from './segments.fixtures';
import { parseInterval } from './interval.value-object';
import { SegmentsCommand } from './segments.commands';

const h3 = hour(3);
const h4 = hour(4);
const h5 = hour(5);
const day = segment('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z', 'v1');
const threeHours = [h3, h4, h5];

describe('segments decider: revive and kill', () => {
  describe('MarkSegmentsUsed', () => {
    const unusedAll = (segments = threeHours) => [published(segments), ids('SegmentsMarkedUnused', segments)];

    it('by interval: revives contained unused segments, with an optional versions filter', () => {
      given(unusedAll())
        .when(markUsed(interval('2015-09-12T03:00:00.000Z/2015-09-12T05:00:00.000Z')))
        .then([changed('SegmentsMarkedUsed', [h3, h4])]);
      given(unusedAll())
        .when(markUsed(interval('2015-09-12T03:00:00.000Z/2015-09-12T05:00:00.000Z', [])))
        .then([]);
    });

    it('does not revive a segment overshadowed by a newer used group with exactly its interval', () => {
      const h3v2 = hour(3, 'v2');
      given([...unusedAll(), published([h3v2])])
        .when(markUsed(interval('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z')))
        .then([changed('SegmentsMarkedUsed', [h4, h5])]);
    });

    it('does not revive a segment overshadowed by a contiguous chain of newer groups', () => {
      const halves = [
        segment('2015-09-12T02:30:00.000Z/2015-09-12T03:30:00.000Z', 'v2'),
        segment('2015-09-12T03:30:00.000Z/2015-09-12T04:00:00.000Z', 'v3', 1),
      ];
      given([...unusedAll([h3]), published(halves)])
        .when(markUsed(byIds(idOf(h3))))
        .then([]);
      // A newer day-long segment covers each hour on its own.
      given([...unusedAll([h3]), published([{ ...day, version: 'v9' }])])
        .when(markUsed(byIds(idOf(h3))))
        .then([]);
    });

    it('revives when the newer chain has a gap, or a covering group is not newer, or is unused', () => {
      const gap = [
        segment('2015-09-12T03:00:00.000Z/2015-09-12T03:20:00.000Z', 'v2'),
        segment('2015-09-12T03:40:00.000Z/2015-09-12T04:00:00.000Z', 'v2'),
      ];
      given([...unusedAll([h3]), published(gap)])
        .when(markUsed(byIds(idOf(h3))))
        .then([changed('SegmentsMarkedUsed', [h3])]);
      const olderPiece = [
        segment('2015-09-12T03:00:00.000Z/2015-09-12T03:30:00.000Z', 'v2'),
        segment('2015-09-12T03:30:00.000Z/2015-09-12T04:00:00.000Z', 'v0'),
      ];
      given([...unusedAll([hour(3, 'v1')]), published(olderPiece)])
        .when(markUsed(byIds(idOf(h3))))
        .then([changed('SegmentsMarkedUsed', [h3])]);
      const sameVersion = hour(3, 'v1', 1);
      given([...unusedAll([h3]), published([sameVersion])])
        .when(markUsed(byIds(idOf(h3))))
        .then([changed('SegmentsMarkedUsed', [h3])]);
      const h3v2 = hour(3, 'v2');
      // h3v2 stays unused in h3's range, so the event has no selection.
      given([...unusedAll([h3, h3v2])])
        .when(markUsed(byIds(idOf(h3))))
        .then([ids('SegmentsMarkedUsed', [h3])]);
    });

    it('by IDs: already used ones are ignored', () => {
      given([published(threeHours), ids('SegmentsMarkedUnused', [h4])])
        .when(markUsed(byIds(idOf(h3), idOf(h4))))
        .then([changed('SegmentsMarkedUsed', [h4])]);
    });

    it('by IDs: an unparseable ID fails the whole request, naming it', () => {
      given(unusedAll())
        .when(markUsed(byIds(idOf(h3), 'bad', idOf(h4, 'koala'))))
        .thenThrows(
          'UNPARSEABLE_SEGMENT_IDS',
          `Could not parse invalid segment IDs[[bad, ${idOf(h4, 'koala')}]]`,
        );
    });

    it('by IDs: an unknown ID fails the whole request, naming it', () => {
      const unknown = idOf(hour(9));
      given(unusedAll())
        .when(markUsed(byIds(idOf(h3), unknown)))
        .thenThrows(
          'UNKNOWN_SEGMENT_IDS',
          `Could not find segment IDs[[${unknown}]] for datasource[wikipedia_hour]`,
        );
    });
  });

  describe('MarkAllSegmentsUnused / MarkAllSegmentsUsed', () => {
    it('marks every used segment unused', () => {
      given([published(threeHours), ids('SegmentsMarkedUnused', [h4])])
        .when({ type: 'MarkAllSegmentsUnused', datasource: DS })
        .then([changed('SegmentsMarkedUnused', [h3, h5])]);
      given([]).when({ type: 'MarkAllSegmentsUnused', datasource: DS }).then([]);
    });

    // BEHAVIOUR.md §6 / Druid SqlSegmentsMetadataQuery: the timeline holds the used segments and
    // the unused candidates, so of two unused versions of one interval only the higher returns.
    it('given two unused versions of one interval, when marked used, then only the higher one is revived', () => {
      const v1 = hour(3, 'v1');
      const v2 = hour(3, 'v2');
      const bothUnused = [published([v1, v2]), ids('SegmentsMarkedUnused', [v1, v2])];
      given(bothUnused)
        .when(markUsed(interval('2015-09-12T03:00:00.000Z/2015-09-12T04:00:00.000Z')))
        .then([ids('SegmentsMarkedUsed', [v2])]);
      given(bothUnused)
        .when(markUsed(byIds(idOf(v1), idOf(v2))))
        .then([ids('SegmentsMarkedUsed', [v2])]);
      given(bothUnused)
        .when({ type: 'MarkAllSegmentsUsed', datasource: DS })
        .then([ids('SegmentsMarkedUsed', [v2])]);
    });

    it('revives every unused segment that is not overshadowed', () => {
      given([published(threeHours), ids('SegmentsMarkedUnused', threeHours), published([hour(4, 'v2')])])
        .when({ type: 'MarkAllSegmentsUsed', datasource: DS })
        .then([ids('SegmentsMarkedUsed', [h3, h5])]);
    });
  });

  describe('KillUnusedSegments', () => {
    const kill = (text: string): SegmentsCommand => ({
      type: 'KillUnusedSegments',
      datasource: DS,
      interval: parseInterval(text) ?? { start: 0, end: 1 },
    });

    it('kills only unused segments fully contained in the interval', () => {
      given([published([...threeHours, day]), ids('SegmentsMarkedUnused', [h3, h4, day])])
        .when(kill('2015-09-12T03:00:00.000Z/2015-09-12T05:00:00.000Z'))
        .then([changed('UnusedSegmentsKilled', [h3, h4])]);
    });

    it('never kills used segments', () => {
      given([published(threeHours)])
        .when(kill('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z'))
        .then([]);
    });

    it('a killed segment is gone from the state and can be published again', () => {
      const history = [published([h3]), ids('SegmentsMarkedUnused', [h3]), ids('UnusedSegmentsKilled', [h3])];
      given(history)
        .when({ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(h3) })
        .then([]);
      given(history)
        .when(publish([h3]))
        .then([published([h3])]);
    });
  });
});
