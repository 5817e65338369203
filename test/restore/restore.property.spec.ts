import { segmentsRestore } from '@engine/restore/domain';
import { formatSegmentId, SegmentsCommand, SegmentToPublish } from '@engine/segments/domain';
import * as fc from 'fast-check';
import { checkRestoreProperty } from './support/restore-property';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 1);
const DS = 'prop_ds';

/** A small universe so that sequences collide: 4 hours, 2 versions, 2 partitions, some 2-hour spans. */
const segmentArb: fc.Arbitrary<SegmentToPublish> = fc
  .record({
    hour: fc.integer({ min: 0, max: 3 }),
    span: fc.constantFrom(1, 1, 2),
    version: fc.constantFrom('v1', 'v2'),
    partitionNum: fc.integer({ min: 0, max: 1 }),
  })
  .map(({ hour, span, version, partitionNum }) => ({
    start: T0 + hour * HOUR,
    end: T0 + (hour + span) * HOUR,
    version,
    partitionNum,
    size: 10,
  }));
const idArb = segmentArb.map((s) => formatSegmentId({ datasource: DS, ...s }));
const intervalArb = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .map(([from, length]) => ({ start: T0 + from * HOUR, end: T0 + (from + length) * HOUR }));

const segmentsCommand: fc.Arbitrary<SegmentsCommand> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(segmentArb, { minLength: 1, maxLength: 4 })
      .map((segments) => ({ type: 'PublishSegments' as const, datasource: DS, segments })),
  },
  idArb.map((segmentId) => ({ type: 'MarkSegmentUnused' as const, datasource: DS, segmentId })),
  idArb.map((segmentId) => ({ type: 'MarkSegmentUsed' as const, datasource: DS, segmentId })),
  fc.array(idArb, { minLength: 1, maxLength: 3 }).map((segmentIds) => ({
    type: 'MarkSegmentsUnused' as const,
    datasource: DS,
    selector: { kind: 'ids' as const, segmentIds },
  })),
  intervalArb.map((interval) => ({
    type: 'MarkSegmentsUsed' as const,
    datasource: DS,
    selector: { kind: 'interval' as const, interval },
  })),
  intervalArb.map((interval) => ({
    type: 'MarkSegmentsUnused' as const,
    datasource: DS,
    selector: { kind: 'interval' as const, interval },
  })),
  fc.constant({ type: 'MarkAllSegmentsUnused' as const, datasource: DS }),
  fc.constant({ type: 'MarkAllSegmentsUsed' as const, datasource: DS }),
  intervalArb.map((interval) => ({ type: 'KillUnusedSegments' as const, datasource: DS, interval })),
);

/** The generators must reach both outcomes often, or the property proves little. */
function expectNonTrivial(stats: { withSteps: number; withNotRestorable: number }): void {
  expect(stats.withSteps).toBeGreaterThan(40);
  expect(stats.withNotRestorable).toBeGreaterThan(20);
}

/** Seeded and bounded: each family runs a few hundred short histories in well under a few seconds. */
describe('restore property: restored state = state at the point, except what the history made impossible', () => {
  it('Druid segments (killed or published since the point are the only exceptions)', () => {
    const stats = checkRestoreProperty(
      {
        family: segmentsRestore,
        id: DS,
        commands: fc.array(segmentsCommand, { maxLength: 25 }),
        impossible: ({ before, after }) => {
          const gone = [...before.byId.keys()].filter((id) => !after.byId.has(id));
          const added = [...after.byId.keys()].filter((id) => !before.byId.has(id));
          return new Set([...gone, ...added]);
        },
      },
      20261130,
    );
    expectNonTrivial(stats);
  });
});
