import { AuditCategory, EventSchemaSet } from '@engine/audit';
import { RecordedEvent } from '@engine/eventstore';
import { AUDIT_CATEGORIES, FAMILY_CONTRACTS } from '../../apps/engine/src/audit-registrations';
import { SubjectMatcher } from '../../libs/audit/src/history/subject-matcher';

/**
 * Walks every event type of every family (the list comes from the published schemas, so a new
 * type without a case here fails) through the registered `describe`, and checks which subjects
 * (`kind:key`) each one files itself under.
 */

interface Sample {
  data: Record<string, unknown>;
  /** Every subject the event must appear under; `[]` only for events that create the aggregate. */
  subjects: string[];
}

const P1 = '201901_1_1_0';
const P2 = '201901_2_2_0';
const P3 = '202002_3_3_0';
const part = (name: string) => ({ name, partitionId: name.split('_')[0], partition: name.split('_')[0] });
const src = { database: 'db', table: 'src' };
const rowset = (rowsetId: string) => ({ rowsetId, startVersion: 0, endVersion: 1, size: 1, segments: 1 });

const SAMPLES: Record<string, Record<string, Sample>> = {
  datasource: {
    SegmentsPublished: {
      data: { segments: [{ id: 's1' }, { id: 's2' }] },
      subjects: ['segment:s1', 'segment:s2'],
    },
    SegmentsMarkedUnused: { data: { segmentIds: ['s1'] }, subjects: ['segment:s1'] },
    SegmentsMarkedUsed: { data: { segmentIds: ['s1'] }, subjects: ['segment:s1'] },
    UnusedSegmentsKilled: { data: { segmentIds: ['s2'] }, subjects: ['segment:s2'] },
  },
  mergetree: {
    TableCreated: { data: {}, subjects: [] },
    PartAdded: { data: { part: part(P1) }, subjects: [`part:${P1}`, 'partition:201901'] },
    PartsMerged: {
      data: { partitionId: '201901', sourceNames: [P1, P2], part: part('201901_1_2_1') },
      subjects: [`part:${P1}`, `part:${P2}`, 'part:201901_1_2_1', 'partition:201901'],
    },
    PartsDetached: {
      data: { parts: [part(P1), part(P3)] },
      subjects: [`part:${P1}`, `part:${P3}`, 'partition:201901', 'partition:202002'],
    },
    PartsAttached: {
      data: { parts: [{ detachedName: P1, part: part(P1) }] },
      subjects: [`part:${P1}`, 'partition:201901'],
    },
    PartsDropped: { data: { names: [P1, P2] }, subjects: [`part:${P1}`, `part:${P2}`, 'partition:201901'] },
    DetachedPartsDropped: {
      data: { names: [`broken_${P3}`] },
      subjects: [`part:${P3}`, 'partition:202002'],
    },
    PartitionForgotten: { data: { partitionId: '201901' }, subjects: ['partition:201901'] },
    PartitionAttachedFrom: {
      data: { source: src, parts: [{ sourceName: P1, part: part(P1) }] },
      subjects: [`part:${P1}`, 'partition:201901'],
    },
    PartitionReplacedFrom: {
      data: {
        source: src,
        partitionId: '201901',
        replacedNames: [P2],
        parts: [{ sourceName: P1, part: part(P1) }],
      },
      subjects: [`part:${P2}`, `part:${P1}`, 'partition:201901'],
    },
    PartitionMoveStarted: {
      data: { moveId: 'm1', destination: src, partitionId: '201901', parts: [part(P1)] },
      subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
    },
    MovedPartsReceived: {
      data: { moveId: 'm1', source: src, parts: [{ sourceName: P1, part: part(P1) }] },
      subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
    },
    PartitionMoveCompleted: { data: { moveId: 'm1' }, subjects: ['move:m1'] },
    PartitionMoveAborted: {
      data: { moveId: 'm1', reason: 'x', parts: [part(P1)] },
      subjects: [`part:${P1}`, 'partition:201901', 'move:m1'],
    },
    PartitionFrozen: {
      data: { backupName: 'b', increment: 1, partitionId: null, partNames: [P1, P3] },
      subjects: [`part:${P1}`, `part:${P3}`, 'partition:201901', 'partition:202002', 'backup:b'],
    },
    PartitionUnfrozen: {
      data: { backupName: 'b', partitionId: '201901', partNames: [P1] },
      subjects: [`part:${P1}`, 'partition:201901', 'backup:b'],
    },
    PartsMutated: {
      data: {
        mutation: { kind: 'Delete', where: '1' },
        version: 4,
        parts: [{ fromName: P1, part: part(`${P1}_4`) }],
      },
      subjects: [`part:${P1}`, `part:${P1}_4`, 'partition:201901'],
    },
    PartsMovedToDisk: {
      data: { target: { kind: 'disk', name: 'cold' }, disk: 'cold', names: [P1] },
      subjects: [`part:${P1}`, 'partition:201901'],
    },
    PartsFetched: {
      data: { from: 'r2', parts: [{ name: P1, reason: '', part: part(P1) }] },
      subjects: [`part:${P1}`, 'partition:201901'],
    },
    DetachedPartRegistered: {
      data: { detached: { name: `broken_${P1}`, reason: 'broken', part: part(P1) } },
      subjects: [`part:${P1}`, 'partition:201901'],
    },
  },
  lftable: {
    TableCreated: { data: {}, subjects: [] },
    PartitionsCreated: {
      data: { partitions: [{ values: ['2024', '01'] }] },
      subjects: ['partition:2024/01'],
    },
    PartitionsDeleted: {
      data: { partitions: [{ values: ['2024', '01'] }] },
      subjects: ['partition:2024/01'],
    },
  },
  lfcatalog: {
    CatalogCreated: { data: { catalogName: 'hive' }, subjects: ['catalog:hive'] },
    DatabaseCreated: {
      data: { catalogName: 'hive', databaseName: 'sales' },
      subjects: ['database:hive/sales'],
    },
  },
  tablet: {
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
  },
  matplan: {
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
  },
};

const SCHEMA_SETS: EventSchemaSet[] = FAMILY_CONTRACTS.flatMap((f) => f.schemas);

let revision = 0n;
const recorded = (type: string, data: unknown): RecordedEvent => ({
  id: `e${revision}`,
  streamName: 'x-acme/y',
  type,
  revision: revision++,
  position: revision,
  data,
  metadata: {
    tenant: 'acme',
    actor: 'a',
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    source: 'native',
    occurredAt: '2026-01-01T00:00:00.000Z',
  },
  recordedAt: '2026-01-01T00:00:00.000Z',
});

const familyOf = (category: string): AuditCategory => {
  const family = AUDIT_CATEGORIES.find((f) => f.category === category);
  if (!family) throw new Error(`no audit family for ${category}`);
  return family;
};

describe('subject timelines: every event type of every family files itself under the subjects it changes', () => {
  it('has a sample for exactly the event types each family publishes a schema for', () => {
    expect(SCHEMA_SETS.map((s) => s.category).sort()).toEqual(AUDIT_CATEGORIES.map((f) => f.category).sort());
    for (const set of SCHEMA_SETS) {
      expect(Object.keys(SAMPLES[set.category] ?? {}).sort()).toEqual(Object.keys(set.events).sort());
    }
  });

  const cases = SCHEMA_SETS.flatMap((set) =>
    Object.keys(set.events).map((type) => [set.category, type] as const),
  );
  it.each(cases)('%s %s', (category, type) => {
    const sample = SAMPLES[category][type];
    const changes = familyOf(category).describe(recorded(type, sample.data));
    expect([...new Set(changes.map((c) => `${c.kind}:${c.key}`))].sort()).toEqual(
      [...sample.subjects].sort(),
    );
    for (const change of changes) expect(change.change).toEqual(expect.any(String));
  });

  describe('a partition timeline follows what a part event, a move and a plan-wide change did to it', () => {
    const timeline = (category: string, subject: string, events: [string, Record<string, unknown>][]) => {
      const matcher = new SubjectMatcher(subject);
      const family = familyOf(category);
      return events
        .filter(([type, data]) => matcher.match(family.describe(recorded(type, data))).length > 0)
        .map(([type]) => type);
    };

    it('given a ClickHouse partition added, detached, attached, frozen, moved and dropped, its timeline has every step', () => {
      const s = SAMPLES.mergetree;
      const events: [string, Record<string, unknown>][] = [
        'PartAdded',
        'PartsDetached',
        'PartsAttached',
        'PartitionFrozen',
        'PartitionMoveStarted',
        'PartitionMoveCompleted',
        'PartsDropped',
      ].map((t) => [t, s[t].data]);
      expect(timeline('mergetree', '201901', events)).toEqual([
        'PartAdded',
        'PartsDetached',
        'PartsAttached',
        'PartitionFrozen',
        'PartitionMoveStarted',
        'PartitionMoveCompleted',
        'PartsDropped',
      ]);
      // A move of another partition is not in this one's timeline.
      expect(timeline('mergetree', '202002', events)).toEqual(['PartsDetached', 'PartitionFrozen']);
    });

    it('given a plan partition backfilled and the plan cleared, its timeline has both; an unrelated key has none', () => {
      const s = SAMPLES.matplan;
      const events: [string, Record<string, unknown>][] = [
        ['PartitionsBackfilled', s.PartitionsBackfilled.data],
        ['MaterializationPlanCleared', s.MaterializationPlanCleared.data],
      ];
      expect(timeline('matplan', '2025-10-20', events)).toEqual([
        'PartitionsBackfilled',
        'MaterializationPlanCleared',
      ]);
      expect(timeline('matplan', '1999-01-01', events)).toEqual([]);
    });
  });
});
