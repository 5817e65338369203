import { EMPTY_STORAGE_DESCRIPTOR } from '@engine/catalog';
import { EventMetadata, NewEvent, streamName } from '@engine/eventstore';
import { randomUUID } from 'node:crypto';

/**
 * Lifecycle-consistent event sequences in each family's real shapes (see libs/<family>/src/contract),
 * so every projection applies them as it would in production.
 */

const AT = '2026-01-01T00:00:00.000Z';

export interface StreamBatch {
  stream: string;
  events: NewEvent[];
}

function metadata(source: string): EventMetadata {
  const id = randomUUID();
  return {
    tenant: 'acme',
    actor: 'bench',
    commandId: id,
    correlationId: id,
    causationId: id,
    source,
    occurredAt: AT,
  };
}

const ev = (type: string, data: unknown, source: string): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadata(source),
});

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** Event `n` (0-based) of stream `s` of a family; the first event of a stream creates it. */
type Generator = (s: number, n: number) => NewEvent;

const segments: Generator = (s, n) => {
  const ds = `ds${s}`;
  const id = (k: number) =>
    `${ds}_${iso(Date.UTC(2024, 0, 1) + k * HOUR)}_${iso(Date.UTC(2024, 0, 1) + (k + 1) * HOUR)}_v1`;
  const k = Math.floor(n / 3);
  const data = { schemaVersion: 1, datasource: ds };
  if (n % 3 === 0) {
    const start = Date.UTC(2024, 0, 1) + k * HOUR;
    const segment = {
      id: id(k),
      start: iso(start),
      end: iso(start + HOUR),
      version: 'v1',
      partitionNum: 0,
      size: 1000 + n,
    };
    return ev('SegmentsPublished', { ...data, segments: [segment] }, 'druid');
  }
  return ev(
    n % 3 === 1 ? 'SegmentsMarkedUnused' : 'SegmentsMarkedUsed',
    { ...data, segmentIds: [id(k)] },
    'druid',
  );
};

const rowsetId = (seq: number) => `02${seq.toString(16).padStart(30, '0')}`;
const tablets: Generator = (s, n) => {
  if (n === 0)
    return ev(
      'TabletRegistered',
      { tabletId: s, tableId: 1, schemaHash: 7, rowsets: [], cumulativePoint: 0, registeredAt: AT },
      'doris',
    );
  const rowset = { rowsetId: rowsetId(n), startVersion: n, endVersion: n, size: 4096, segments: 1 };
  return ev('RowsetAdded', { tabletId: s, rowset, addedAt: AT }, 'doris');
};

const plans: Generator = (s, n) => {
  const planId = `plan${s}`;
  if (n === 0)
    return ev(
      'MaterializationPlanCreated',
      { planId, name: planId, refreshType: 'INCREMENTAL', granularity: 'DAY', createdAt: AT },
      'can',
    );
  const day = iso(Date.UTC(2020, 0, 1) + Math.floor(n / 2) * 24 * HOUR).slice(0, 10);
  return n % 2 === 1
    ? ev('PartitionsBackfilled', { planId, runType: 'BACKFILL', partitions: [day], at: AT }, 'can')
    : ev('PartitionsCleared', { planId, partitions: [day], at: AT }, 'can');
};

const mergetree: Generator = (s, n) => {
  if (n === 0) {
    const definition = {
      engine: 'MergeTree',
      columns: [{ name: 'd', type: 'Date' }],
      indices: [],
      partitionKey: [{ function: 'identity', column: 'd', type: 'Date' }],
      orderBy: 'd',
      primaryKey: 'd',
      storagePolicy: 'default',
    };
    return ev(
      'TableCreated',
      { table: { database: 'db', table: `t${s}` }, definition, createdAt: AT },
      'clickhouse',
    );
  }
  const date = iso(Date.UTC(2020, 0, 1) + (n % 365) * 24 * HOUR).slice(0, 10);
  const partitionId = date.replace(/-/g, '');
  const part = {
    name: `${partitionId}_${n}_${n}_0`,
    partitionId,
    partition: `'${date}'`,
    minBlock: n,
    maxBlock: n,
    level: 0,
    mutation: 0,
    rows: 100,
    bytesOnDisk: 2048,
    disk: 'default',
    modifiedAt: AT,
  };
  return ev('PartAdded', { part }, 'clickhouse');
};

const storage = { ...EMPTY_STORAGE_DESCRIPTOR, columns: [{ name: 'v', type: 'string' }] };
const tables: Generator = (s, n) => {
  const tableId = `table${s}`;
  if (n === 0) {
    const table = {
      schemaVersion: 1,
      tableId,
      tableName: `t${s}`,
      catalogId: 'c1',
      catalogName: 'cat',
      databaseId: 'd1',
      databaseName: 'db',
      tableType: 'EXTERNAL_TABLE',
      partitionKeys: [{ name: 'dt', type: 'string' }],
      storage,
      createdAt: AT,
    };
    return ev('TableCreated', table, 'lakeformation');
  }
  const partition = {
    partitionId: `p${s}-${n}`,
    values: [`v${n}`],
    createTime: AT,
    lastAccessTime: AT,
    parameters: {},
    storage,
  };
  return ev('PartitionsCreated', { schemaVersion: 1, tableId, partitions: [partition] }, 'lakeformation');
};

export interface FamilyEvents {
  category: string;
  /** Stream length: short where a projection rewrites a per-aggregate list on each event (tablets). */
  perStream: number;
  stream: (s: number) => string;
  next: Generator;
}

export const FAMILIES: FamilyEvents[] = [
  {
    category: 'datasource',
    perStream: 1000,
    stream: (s) => streamName('datasource', 'acme', `ds${s}`),
    next: segments,
  },
  {
    category: 'tablet',
    perStream: 20,
    stream: (s) => streamName('tablet', 'acme', String(s)),
    next: tablets,
  },
  {
    category: 'matplan',
    perStream: 200,
    stream: (s) => streamName('matplan', 'acme', `plan${s}`),
    next: plans,
  },
  {
    category: 'mergetree',
    perStream: 1000,
    stream: (s) => streamName('mergetree', 'acme', `db.t${s}`),
    next: mergetree,
  },
  {
    category: 'lftable',
    perStream: 500,
    stream: (s) => streamName('lftable', 'acme', 'i1', 'cat', 'db', `t${s}`),
    next: tables,
  },
];
