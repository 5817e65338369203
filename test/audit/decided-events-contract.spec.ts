import { EventSchemaSet } from '@engine/audit';
import {
  CATALOG_REGISTRY_EVENT_SCHEMAS,
  CATALOG_TABLE_EVENT_SCHEMAS,
  catalogRegistryDecider,
  EMPTY_STORAGE_DESCRIPTOR,
  tableDecider,
} from '@engine/catalog';
import { COMPACTION_EVENT_SCHEMAS, TabletCommand, tabletDecider } from '@engine/compaction';
import type { Decider, DomainEvent } from '@engine/kernel/domain';
import { MATERIALIZATION_EVENT_SCHEMAS, PlanCommand, planDecider } from '@engine/materialization';
import {
  allActiveParts,
  MERGETREE_EVENT_SCHEMAS,
  MergeTreeCommand,
  mergeTreeDecider,
  MergeTreeState,
  OtherTable,
  TableDefinition,
  TableRef,
} from '@engine/mergetree';
import { parseInterval, SEGMENTS_EVENT_SCHEMAS, SegmentsCommand, segmentsDecider } from '@engine/segments';
import { EventContractChecker } from './support/event-contract';

/**
 * The schemas against real events: each family's own decider runs a short lifecycle that emits
 * every event type of the family, and every event it returns must match its type's JSON Schema
 * (formats, patterns and bounds included, which the compile-time proof cannot see).
 */

const NOW = '2026-01-02T03:04:05.000Z';
const LATER = '2026-01-02T04:04:05.000Z';

/** Decides the commands one after the other on one aggregate, folding each result in. */
function decideAll<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  commands: readonly C[],
  state: S = decider.initialState(),
): { state: S; events: E[] } {
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    for (const event of decided) state = decider.evolve(state, event);
    events.push(...decided);
  }
  return { state, events };
}

function expectContract(set: EventSchemaSet, events: readonly DomainEvent[]): void {
  const checker = EventContractChecker.of([set]);
  expect(events.flatMap((e) => checker.decided(set.category, e))).toEqual([]);
  expect([...new Set(events.map((e) => e.type))].sort()).toEqual(Object.keys(set.events).sort());
}

describe('every event a family decides matches its published JSON Schema', () => {
  it('segments (datasource)', () => {
    const ds = 'wiki';
    const interval = parseInterval('2015-09-12T00:00:00.000Z/2015-09-12T02:00:00.000Z')!;
    const hour = (h: number) => ({
      start: interval.start + h * 3_600_000,
      end: interval.start + (h + 1) * 3_600_000,
      version: 'v1',
      partitionNum: 0,
      size: 100,
    });
    const published = decideAll(segmentsDecider, [
      { type: 'PublishSegments', datasource: ds, segments: [hour(0), hour(1)] },
    ] satisfies SegmentsCommand[]);
    const [first] = (published.events[0].data as { segments: { id: string }[] }).segments;
    const { events } = decideAll(
      segmentsDecider,
      [
        { type: 'MarkSegmentUnused', datasource: ds, segmentId: first.id },
        { type: 'MarkSegmentUsed', datasource: ds, segmentId: first.id },
        { type: 'MarkSegmentsUnused', datasource: ds, selector: { kind: 'interval', interval } },
        { type: 'KillUnusedSegments', datasource: ds, interval },
      ] satisfies SegmentsCommand[],
      published.state,
    );
    expectContract(SEGMENTS_EVENT_SCHEMAS, [...published.events, ...events]);
  });

  it('compaction (tablet)', () => {
    const tabletId = 10015;
    const rowsets = [
      [0, 5],
      [6, 6],
      [7, 7],
      [8, 8],
      [9, 9],
    ].map(([startVersion, endVersion]) => ({ startVersion, endVersion, size: 1000, segments: 1 }));
    const run = (compactionId: string, end: TabletCommand[]): TabletCommand[] => [
      { type: 'TriggerCompaction', tabletId, compactionId, compactionType: 'cumulative', now: NOW },
      { type: 'StartCompaction', tabletId, compactionId, now: NOW },
      ...end,
    ];
    const { events } = decideAll(tabletDecider, [
      {
        type: 'RegisterTablet',
        tabletId,
        tableId: 7,
        schemaHash: 700967178,
        rowsets,
        cumulativePoint: 8,
        now: NOW,
      },
      { type: 'AddRowset', tabletId, size: 500, segments: 1, now: NOW },
      ...run('c1', [{ type: 'FailCompaction', tabletId, compactionId: 'c1', reason: 'disk full', now: NOW }]),
      ...run('c2', [
        { type: 'TimeOutCompaction', tabletId, compactionId: 'c2', timeoutMs: 1000, now: LATER },
      ]),
      ...run('c3', [
        { type: 'CompleteCompaction', tabletId, compactionId: 'c3', promotionSize: 1 << 30, now: NOW },
      ]),
    ]);
    expectContract(COMPACTION_EVENT_SCHEMAS, events);
  });

  it('materialization (matplan)', () => {
    const day = (startTime: string, endTime = startTime) => ({ dateGranularity: 'DAY', startTime, endTime });
    const base = { now: NOW, planId: 'p1' };
    const incremental = decideAll(planDecider, [
      { ...base, type: 'CreatePlan', name: 'orders', refreshType: 'INCREMENTAL', granularity: 'DAY' },
      {
        ...base,
        type: 'RecordBackfill',
        runType: 'MANUAL',
        successTimeRange: [day('2025-10-01', '2025-10-02')],
        failedTimeRange: [day('2025-10-03')],
      },
      { ...base, type: 'ClearPartitions', timeRange: [day('2025-10-01')] },
      { ...base, type: 'DeletePlan' },
    ] satisfies PlanCommand[]);
    const full = { now: NOW, planId: 'p2' };
    const fullPlan = decideAll(planDecider, [
      { ...full, type: 'CreatePlan', name: 'totals', refreshType: 'FULL', granularity: 'DAY' },
      {
        ...full,
        type: 'RecordBackfill',
        runType: 'SCHEDULED',
        successTimeRange: [day('2025-10-01')],
        failedTimeRange: [],
      },
      { ...full, type: 'ClearPartitions', timeRange: [] },
    ] satisfies PlanCommand[]);
    expectContract(MATERIALIZATION_EVENT_SCHEMAS, [...incremental.events, ...fullPlan.events]);
  });

  it('catalog (lftable and lfcatalog)', () => {
    const registry = decideAll(catalogRegistryDecider, [
      { type: 'CreateCatalog', catalogId: 'cat-1', catalogName: 'lake', description: 'the lake', now: NOW },
      {
        type: 'CreateDatabase',
        catalogName: 'lake',
        databaseId: 'db-1',
        databaseName: 'sales',
        location: 's3://lake/sales',
        now: NOW,
      },
    ]);
    expectContract(CATALOG_REGISTRY_EVENT_SCHEMAS, registry.events);

    const storage = { ...EMPTY_STORAGE_DESCRIPTOR, columns: [{ name: 'amount', type: 'bigint' }] };
    const spec = (dt: string) => ({
      partitionId: `p-${dt}`,
      values: [dt],
      createTime: NOW,
      lastAccessTime: NOW,
      parameters: {},
      storage,
    });
    const table = decideAll(tableDecider, [
      {
        type: 'CreateTable',
        table: {
          tableId: 't-1',
          tableName: 'orders',
          catalogId: 'cat-1',
          catalogName: 'lake',
          databaseId: 'db-1',
          databaseName: 'sales',
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [{ name: 'dt', type: 'string' }],
          storage,
        },
        now: NOW,
      },
      {
        type: 'BatchCreatePartitions',
        ifNotExist: false,
        partitions: [spec('2024-01-01'), spec('2024-01-02')],
      },
      { type: 'DeletePartitions', partitionValues: [['2024-01-01']] },
    ]);
    expectContract(CATALOG_TABLE_EVENT_SCHEMAS, table.events);
  });

  it('mergetree', () => {
    const mt: TableRef = { database: 'db', table: 'mt' };
    const src: TableRef = { database: 'db', table: 'src' };
    const definition = {
      engine: 'MergeTree',
      columns: [
        { name: 'd', type: 'Date' },
        { name: 'x', type: 'UInt64' },
      ],
      indices: ['idx_x'],
      partitionKey: [{ function: 'identity', column: 'd' }],
      orderBy: 'x',
      primaryKey: 'x',
      storagePolicy: 'tiered',
    };
    const day = (value: string) => ({ kind: 'value', values: [{ kind: 'string', value }] }) as const;
    const on = (table: TableRef, commands: Omit<MergeTreeCommand, 'table' | 'now'>[]) =>
      commands.map((c) => ({ ...c, table, now: NOW }) as MergeTreeCommand);
    const other = (table: TableRef, state: MergeTreeState): OtherTable => ({
      table,
      definition: state.definition as TableDefinition,
      activeParts: allActiveParts(state),
    });
    const create = { type: 'CreateTable', definition, ifNotExists: false } as const;
    const add = (d: string) =>
      ({ type: 'AddPart', values: [{ kind: 'string', value: d }], rows: 10, bytesOnDisk: 100 }) as const;

    const source = decideAll(
      mergeTreeDecider,
      on(src, [create, add('2024-01-01'), add('2024-02-01'), add('2024-03-01')]),
    );
    const first = decideAll(
      mergeTreeDecider,
      on(mt, [
        create,
        add('2024-01-01'),
        add('2024-01-01'),
        { type: 'MergeParts', partition: day('2024-01-01'), final: true },
        { type: 'DetachPartition', partition: day('2024-01-01') },
        { type: 'AttachPartition', partition: day('2024-01-01') },
        add('2024-01-02'),
        { type: 'DetachPartition', partition: day('2024-01-02') },
        { type: 'DropDetachedPartition', partition: day('2024-01-02'), allowDropDetached: true },
        { type: 'ForgetPartition', partition: day('2024-01-02') },
        { type: 'FreezePartition', withName: 'b1' },
        { type: 'UnfreezePartition', withName: 'b1' },
        { type: 'ClearColumnInPartition', column: 'x', partition: day('2024-01-01') },
        {
          type: 'MovePartitionToDisk',
          partition: day('2024-01-01'),
          target: { kind: 'volume', name: 'slow' },
        },
        { type: 'RegisterDetachedPart', name: 'broken_20240101_9_9_0', rows: 1, bytesOnDisk: 1 },
      ]),
    );
    const sourceTable = other(src, source.state);
    const second = decideAll(
      mergeTreeDecider,
      on(mt, [
        { type: 'AttachPartitionFrom', partition: day('2024-02-01'), source: sourceTable },
        { type: 'ReplacePartitionFrom', partition: day('2024-03-01'), source: sourceTable },
        { type: 'DropPartition', partition: day('2024-03-01') },
      ]),
      first.state,
    );
    const moving = decideAll(
      mergeTreeDecider,
      on(src, [
        {
          type: 'MovePartitionToTable',
          partition: day('2024-01-01'),
          moveId: 'm1',
          destination: other(mt, second.state),
        },
        { type: 'CompletePartitionMove', moveId: 'm1' },
        {
          type: 'MovePartitionToTable',
          partition: day('2024-02-01'),
          moveId: 'm2',
          destination: other(mt, second.state),
        },
        { type: 'AbortPartitionMove', moveId: 'm2', reason: 'destination refused' },
      ]),
      source.state,
    );
    // FETCH needs a replicated table (a plain MergeTree refuses it).
    const replica: TableRef = { database: 'db', table: 'replica' };
    const fetched = decideAll(
      mergeTreeDecider,
      on(replica, [
        {
          ...create,
          definition: { ...definition, engine: "ReplicatedMergeTree('/clickhouse/tables/01/replica', 'r1')" },
        },
        {
          type: 'FetchPartition',
          partition: day('2024-02-01'),
          from: '/clickhouse/tables/01/src',
          source: sourceTable,
        },
      ]),
    );
    const started = moving.events.find((e) => e.type === 'PartitionMoveStarted')!;
    const received = decideAll(
      mergeTreeDecider,
      on(mt, [
        {
          type: 'ReceiveMovedParts',
          moveId: 'm1',
          source: other(src, source.state),
          parts: (started.data as { parts: never[] }).parts,
        },
      ]),
      second.state,
    );
    expectContract(MERGETREE_EVENT_SCHEMAS, [
      ...source.events,
      ...first.events,
      ...second.events,
      ...moving.events,
      ...received.events,
      ...fetched.events,
    ]);
  });
});
