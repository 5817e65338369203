import { PartitionSpec, StorageDescriptor, TableInfo } from '@engine/catalog/domain';

/** Domain-level fixtures for the catalog decider specs. */
export const NOW = '2026-01-02T03:04:05.678Z';

export function storage(overrides: Partial<StorageDescriptor> = {}): StorageDescriptor {
  return {
    columns: [{ name: 'c1', type: 'string', comment: 'first' }],
    location: 'obs://bucket/table',
    compressed: false,
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    numberOfBuckets: 0,
    bucketColumns: [],
    sortColumns: [],
    serde: {
      name: 'serde',
      serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      parameters: {},
    },
    parameters: {},
    skewedInfo: { columnNames: [], columnValueLocationMaps: {}, columnValues: [] },
    storedAsSubDirectories: false,
    ...overrides,
  };
}

export function table(overrides: Partial<TableInfo> = {}): Omit<TableInfo, 'createdAt'> {
  return {
    tableId: 'tbl-1',
    tableName: 'sales',
    catalogId: 'cat-1',
    catalogName: 'hive',
    databaseId: 'db-1',
    databaseName: 'dw',
    tableType: 'EXTERNAL_TABLE',
    partitionKeys: [
      { name: 'dt', type: 'string' },
      { name: 'region', type: 'string' },
    ],
    storage: storage(),
    ...overrides,
  };
}

export function partition(
  values: string[],
  overrides: Partial<PartitionSpec> = {},
): PartitionSpec & { partitionId: string } {
  return {
    partitionId: `p-${values.join('-')}`,
    values,
    createTime: '2023-05-26T08:03:42.267Z',
    lastAccessTime: '2023-05-26T08:03:42Z',
    parameters: { key1: 'value1' },
    storage: storage({ location: `obs://bucket/table/${values.join('/')}` }),
    ...overrides,
  };
}
