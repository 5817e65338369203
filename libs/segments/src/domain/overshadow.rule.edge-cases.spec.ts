import { byIds, given, markUsed } from './segments.decider-spec.helpers';
import { hour, idOf, ids, published, segment } from './segments.fixtures';

const h3 = hour(3);
const unusedH3 = [published([h3]), ids('SegmentsMarkedUnused', [h3])];
const at = (from: string, to: string, version: string, partitionNum = 0) =>
  segment(`2015-09-12T${from}:00.000Z/2015-09-12T${to}:00.000Z`, version, partitionNum);

describe('overshadowing: edge cases', () => {
  it('given a newer segment ending before the candidate starts, then it does not stop a cover that follows', () => {
    // The day-long v0 segment widens the search back to the 01:00 one, which ends before 03:00.
    const day = segment('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z', 'v0', 1);
    given([...unusedH3, published([day, at('01:00', '02:30', 'v2'), hour(3, 'v2')])])
      .when(markUsed(byIds(idOf(h3))))
      .then([]);
  });

  it('given a shorter newer segment after a longer one of the same start, then the cover goes on from the longer', () => {
    const longer = at('03:00', '03:45', 'v2');
    const shorter = at('03:00', '03:30', 'v2', 1);
    given([...unusedH3, published([longer, shorter, at('03:45', '04:00', 'v2')])])
      .when(markUsed(byIds(idOf(h3))))
      .then([]);
  });
});
