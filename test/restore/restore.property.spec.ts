import { partitionKey, TableCommand } from '@engine/catalog/domain';
import { TabletCommand } from '@engine/compaction/domain';
import { PlanCommand } from '@engine/materialization/domain';
import { MergeTreeCommand } from '@engine/mergetree/domain';
import { dateSpec, day, mt, str } from '@engine/mergetree/domain/mergetree.spec-fixtures';
import {
  canonicalJson,
  catalogRestore,
  compactionRestore,
  materializationRestore,
  mergeTreeRestore,
  segmentsRestore,
} from '@engine/restore/domain';
import { formatSegmentId, SegmentsCommand, SegmentToPublish } from '@engine/segments/domain';
import * as fc from 'fast-check';
import { NOW as TABLE_NOW, partition, table } from '../../libs/catalog/test/catalog.fixtures';
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

const NOW = '2026-01-01T00:00:00.000Z';
const dayRange = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 }))
  .map(([first, length]) => ({
    dateGranularity: 'DAY',
    startTime: `2025-01-0${first}`,
    endTime: `2025-01-0${Math.min(first + length, 9)}`,
  }));
const planCommand: fc.Arbitrary<PlanCommand> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.array(dayRange, { maxLength: 2 }), fc.array(dayRange, { maxLength: 1 }))
      .map(([success, failed]) => ({
        type: 'RecordBackfill' as const,
        planId: 'p1',
        now: NOW,
        runType: 'MANUAL',
        successTimeRange: success,
        failedTimeRange: failed,
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(dayRange, { maxLength: 2 })
      .map((timeRange) => ({ type: 'ClearPartitions' as const, planId: 'p1', now: NOW, timeRange })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'DeletePlan' as const, planId: 'p1', now: NOW }) },
);

const valuesArb = fc
  .tuple(fc.constantFrom('2024-01-01', '2024-01-02', '2024-01-03'), fc.constantFrom('eu', 'us'))
  .map(([dt, region]) => [dt, region]);
const tableCommand: fc.Arbitrary<TableCommand> = fc.oneof(
  fc
    .tuple(
      fc.array(fc.tuple(valuesArb, fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    )
    .map(([specs, ifNotExist]) => ({
      type: 'BatchCreatePartitions' as const,
      ifNotExist,
      partitions: specs.map(([values, n]) => ({
        ...partition(values),
        partitionId: `p-${partitionKey(values)}-${n}`,
      })),
    })),
  fc
    .array(valuesArb, { minLength: 1, maxLength: 3 })
    .map((partitionValues) => ({ type: 'DeletePartitions' as const, partitionValues })),
);

const compactionId = fc.constantFrom('c1', 'c2', 'c3', 'c4');
const tabletCommand: fc.Arbitrary<TabletCommand> = fc.oneof(
  fc
    .integer({ min: 1, max: 50 })
    .map((size) => ({ type: 'AddRowset' as const, tabletId: 10015, size, segments: 1, now: NOW })),
  fc
    .tuple(compactionId, fc.constantFrom('base' as const, 'cumulative' as const, 'full' as const))
    .map(([id, compactionType]) => ({
      type: 'TriggerCompaction' as const,
      tabletId: 10015,
      compactionId: id,
      compactionType,
      now: NOW,
    })),
  compactionId.map((id) => ({
    type: 'StartCompaction' as const,
    tabletId: 10015,
    compactionId: id,
    now: NOW,
  })),
  compactionId.map((id) => ({
    type: 'CompleteCompaction' as const,
    tabletId: 10015,
    compactionId: id,
    promotionSize: 64,
    now: NOW,
  })),
  compactionId.map((id) => ({
    type: 'FailCompaction' as const,
    tabletId: 10015,
    compactionId: id,
    reason: 'x',
    now: NOW,
  })),
);

const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
const dayArb = fc.constantFrom('2024-01-01', '2024-01-02', '2024-01-03');
const mergeTreeCommand: fc.Arbitrary<MergeTreeCommand> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(dayArb, fc.integer({ min: 1, max: 3 })).map(([d, rows]) => ({
      type: 'AddPart' as const,
      table: mt,
      now: '',
      values: [str(d)],
      rows,
      bytesOnDisk: rows * 10,
    })),
  },
  dayArb.map((d) => ({ type: 'MergeParts' as const, table: mt, now: '', partition: day(d), final: true })),
  {
    weight: 2,
    arbitrary: dayArb.map((d) => ({
      type: 'DetachPartition' as const,
      table: mt,
      now: '',
      partition: day(d),
    })),
  },
  dayArb.map((d) => ({ type: 'AttachPartition' as const, table: mt, now: '', partition: day(d) })),
  dayArb.map((d) => ({ type: 'DropPartition' as const, table: mt, now: '', partition: day(d) })),
  dayArb.map((d) => ({
    type: 'DropDetachedPartition' as const,
    table: mt,
    now: '',
    partition: day(d),
    allowDropDetached: true,
  })),
  dayArb.map((d) => ({
    type: 'DeleteInPartition' as const,
    table: mt,
    now: '',
    where: 'x = 1',
    partition: day(d),
  })),
);

/** The generators must reach both outcomes often, or the property proves little. */
function expectNonTrivial(
  stats: { withSteps: number; withNotRestorable: number },
  least = { notRestorable: 20 },
): void {
  expect(stats.withSteps).toBeGreaterThan(20);
  expect(stats.withNotRestorable).toBeGreaterThanOrEqual(least.notRestorable);
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

  it('CAN plans (days no longer materialized need a backfill; later ones are cleared, not un-run)', () => {
    const stats = checkRestoreProperty(
      {
        family: materializationRestore,
        id: 'p1',
        commands: fc
          .tuple(
            fc.constantFrom('FULL' as const, 'INCREMENTAL' as const),
            fc.array(planCommand, { maxLength: 20 }),
          )
          .map(([refreshType, rest]): PlanCommand[] => [
            { type: 'CreatePlan', planId: 'p1', now: NOW, name: 'prop', refreshType, granularity: 'DAY' },
            ...rest,
          ]),
        impossible: ({ before, after }) => {
          const then = materializationRestore.subjects(before);
          const now = materializationRestore.subjects(after);
          const keys = new Set([...then.keys(), ...now.keys()]);
          return new Set(
            [...keys].filter((key) => {
              if (then.get(key) === now.get(key)) return false;
              const clearable =
                after.status === 'active' &&
                !key.startsWith('@') &&
                then.get(key) === 'cleared' &&
                now.get(key) === 'materialized';
              return !clearable;
            }),
          );
        },
      },
      20261131,
    );
    expectNonTrivial(stats);
  });

  it('LakeFormation tables (deleted partitions come back from their record; only a table created later is kept)', () => {
    const stats = checkRestoreProperty(
      {
        family: catalogRestore,
        id: 'i1/hive/dw/sales',
        commands: fc
          .array(tableCommand, { maxLength: 20 })
          .map((rest): TableCommand[] => [{ type: 'CreateTable', table: table(), now: TABLE_NOW }, ...rest]),
        impossible: ({ before, after }) => new Set(before.table || !after.table ? [] : ['@table']),
      },
      20261132,
    );
    expectNonTrivial(stats, { notRestorable: 0 });
  });

  it('Doris tablets (compactions and later loads are reported; a compaction begun since is failed)', () => {
    const stats = checkRestoreProperty(
      {
        family: compactionRestore,
        id: '10015',
        commands: fc.array(tabletCommand, { maxLength: 20 }).map((rest): TabletCommand[] => [
          {
            type: 'RegisterTablet',
            tabletId: 10015,
            tableId: 1,
            schemaHash: 1,
            rowsets: [
              { startVersion: 0, endVersion: 1, size: 100, segments: 1 },
              { startVersion: 2, endVersion: 2, size: 10, segments: 1 },
              { startVersion: 3, endVersion: 3, size: 10, segments: 1 },
            ],
            cumulativePoint: 2,
            now: NOW,
          },
          ...rest,
        ]),
        impossible: ({ before, after }) => {
          const then = compactionRestore.subjects(before);
          const now = compactionRestore.subjects(after);
          const keys = [...new Set([...then.keys(), ...now.keys()])];
          return new Set(
            keys.filter(
              (key) =>
                canonicalJson(then.get(key)) !== canonicalJson(now.get(key)) &&
                !(key.startsWith('@running/') && !then.has(key)),
            ),
          );
        },
      },
      20261133,
    );
    expectNonTrivial(stats);
  });

  it('ClickHouse tables (parts dropped, merged or mutated since are reported; detached ones come back)', () => {
    const stats = checkRestoreProperty(
      {
        family: mergeTreeRestore,
        id: 'db.mt',
        commands: fc.array(mergeTreeCommand, { maxLength: 20 }).map((rest): MergeTreeCommand[] => [
          { type: 'CreateTable', table: mt, now: at(0), definition: dateSpec, ifNotExists: false },
          // Each command at its own time, so parts written by different commands differ.
          ...rest.map((command, i) => ({ ...command, now: at(i + 1) })),
        ]),
        impossible: ({ before, after }) => {
          const impossible = new Set<string>();
          if (!before.table) impossible.add('@table');
          for (const [id, parts] of before.active) {
            const pool = [
              ...(after.active.get(id)?.values() ?? []),
              ...[...after.detached.values()]
                .filter((d) => d.reason === '' && d.part.partitionId === id)
                .map((d) => d.part),
            ].map((p) => `${p.rows}/${p.bytesOnDisk}/${p.modifiedAt}`);
            for (const part of parts.values()) {
              const i = pool.indexOf(`${part.rows}/${part.bytesOnDisk}/${part.modifiedAt}`);
              if (i < 0) impossible.add(id);
              else pool.splice(i, 1);
            }
          }
          return impossible;
        },
      },
      20261134,
    );
    expectNonTrivial(stats);
  });
});
