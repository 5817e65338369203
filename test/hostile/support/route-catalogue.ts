import type { RouteEntry } from '../../support/engine-harness';

/** ClickHouse's interface also answers at the root (`POST /`, `GET /ping`), as the official client calls it. */
const clickHouseRoot = (url: string) => url === '/' || url === '/ping';

/** Routes that need no key: health, ClickHouse's ping, the API and event-schema documents. */
export const isPublic = (url: string) =>
  [
    '/health',
    '/health/live',
    '/health/ready',
    '/clickhouse/ping',
    '/ping',
    '/engine/v1/asyncapi.json',
  ].includes(url) ||
  url.startsWith('/docs') ||
  url.startsWith('/console');

export const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** The engine's routes without Fastify's automatic HEAD twins (they answer as their GET does). */
export function distinctRoutes(routes: RouteEntry[]): RouteEntry[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (r.method === 'HEAD' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The family a route belongs to: the unit a fuzz run is bounded by. */
export function familyOf(url: string): string {
  if (url.startsWith('/druid') || url.startsWith('/engine/v1/datasources')) return 'druid';
  if (url.startsWith('/clickhouse') || url.startsWith('/engine/v1/mergetree') || clickHouseRoot(url))
    return 'clickhouse';
  if (url.startsWith('/v1/')) return 'lakeformation';
  if (url.startsWith('/api/compaction') || url.startsWith('/engine/v1/tablets')) return 'doris';
  if (url.startsWith('/anymetrics') || url.startsWith('/engine/v1/materialization')) return 'can';
  return 'engine';
}

/** Fills a route pattern's parameters (`:name`, and `*`) from `values`; unknown ones get `x`. */
export function fillPath(url: string, values: Record<string, string>): string {
  return url
    .replace(/:([A-Za-z_]+)/g, (_m, name: string) => values[name] ?? 'x')
    .replace(/\*$/, values['*'] ?? '');
}

/** How each dialect authenticates and scopes a call, given a key and the tenant it claims. */
export function dialectHeaders(url: string, key: string, tenant: string): Record<string, string> {
  if (url.startsWith('/anymetrics')) return { 'tenant-id': tenant, 'auth-type': 'APIKEY', 'auth-value': key };
  if (url.startsWith('/v1/')) return { 'x-auth-token': key };
  if (url.startsWith('/clickhouse') || url.startsWith('/api/compaction') || clickHouseRoot(url))
    return { authorization: `Basic ${Buffer.from(`default:${key}`).toString('base64')}` };
  return { authorization: `Bearer ${key}` };
}

const SD = {
  columns: [{ column_name: 'id', column_type: 'bigint' }],
  location: 'obs://bucket/orders/',
  compressed: false,
  input_format: 'org.apache.hadoop.mapred.TextInputFormat',
  output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  number_of_buckets: 0,
  bucket_columns: [],
  sort_columns: [],
  parameters: {},
  stored_as_sub_directories: false,
  serde_info: { serialization_library: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' },
};

/** A well-formed body per write route (the shape the fuzzers mutate); absent: the route takes none. */
export const SAMPLE_BODIES: Record<string, unknown> = {
  'POST /engine/v1/datasources/:datasource/segments': {
    segments: [
      {
        interval: '2015-09-12T16:00:00.000Z/2015-09-12T17:00:00.000Z',
        version: '2023-08-10T04:12:03.860Z',
        partitionNum: 0,
        size: 1024,
      },
    ],
  },
  'POST /druid/coordinator/v1/datasources/:datasource/markUnused': {
    interval: '2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z',
    versions: ['2023-08-10T04:12:03.860Z'],
  },
  'POST /druid/coordinator/v1/datasources/:datasource/markUsed': {
    segmentIds: ['wikipedia_2015-09-12T16:00:00.000Z_2015-09-12T17:00:00.000Z_2023-08-10T04:12:03.860Z'],
  },
  'POST /clickhouse': 'ALTER TABLE db.visits DETACH PARTITION 201901',
  'POST /': 'ALTER TABLE db.visits DETACH PARTITION 201901',
  'POST /clickhouse/*': 'SELECT name FROM system.parts LIMIT 5',
  'POST /engine/v1/mergetree/tables/:database/:table/parts': {
    partition: 201901,
    rows: 100,
    bytesOnDisk: 4096,
  },
  'POST /engine/v1/mergetree/tables/:database/:table/detached': {
    name: '201901_1_1_0',
    rows: 100,
    bytesOnDisk: 4096,
  },
  'POST /v1/:project_id/instances/:instance_id/catalogs': { catalog_name: 'hive' },
  'POST /v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases': { database_name: 'sales' },
  'POST /v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases/:database_name/tables': {
    table_name: 'orders',
    table_type: 'EXTERNAL_TABLE',
    partition_keys: [{ column_name: 'dt', column_type: 'string' }],
    storage_descriptor: SD,
  },
  'POST /v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases/:database_name/tables/:table_name/partitions/batch-create':
    {
      if_not_exist: true,
      partitions: [
        {
          partition_values: ['2024-01-01'],
          create_time: '2024-01-01T00:00:00.000Z',
          last_access_time: '2024-01-01T00:00:00.000Z',
          parameters: {},
          storage_descriptor: SD,
        },
      ],
    },
  'POST /v1/:project_id/instances/:instance_id/catalogs/:catalog_name/databases/:database_name/tables/:table_name/partitions/batch-delete':
    { partition_values_list: [['2024-01-01']] },
  'POST /engine/v1/tablets': {
    tablet_id: 10015,
    table_id: 10010,
    schema_hash: 368169781,
    cumulative_point: 2,
    rowsets: [
      { start_version: 0, end_version: 1, size: 100, segments: 1 },
      { start_version: 2, end_version: 2, size: 10, segments: 1 },
    ],
  },
  'POST /engine/v1/tablets/:tablet_id/rowsets': { size: 10, segments: 1 },
  'POST /engine/v1/tablets/:tablet_id/compactions': { compaction_type: 'cumulative' },
  'POST /engine/v1/tablets/:tablet_id/compactions/:compaction_id/complete': { size: 10, segments: 1 },
  'POST /engine/v1/tablets/:tablet_id/compactions/:compaction_id/fail': { reason: 'disk full' },
  'POST /anymetrics/api/:version/accelerate/plan/clearPartition': {
    uuid: 'u',
    timeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-22', endTime: '2025-10-22' }],
  },
  'POST /anymetrics/api/:version/accelerate/plan/updatePartition': {
    uuid: 'u',
    runType: 'MANUAL',
    successTimeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-20', endTime: '2025-10-22' }],
    failedTimeRange: [],
  },
  'POST /engine/v1/materialization/plans': {
    name: 'daily_sales',
    refreshType: 'INCREMENTAL',
    granularity: 'DAY',
  },
  'POST /engine/v1/materialization/plans/:uuid/backfills': {
    runType: 'MANUAL',
    successTimeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-20', endTime: '2025-10-22' }],
  },
  'POST /engine/v1/materialization/plans/:uuid/clear': {
    timeRange: [{ dateGranularity: 'DAY', startTime: '2025-10-22', endTime: '2025-10-22' }],
  },
};
