/**
 * The catalog's data model (Hive metastore concepts, as LakeFormation and Glue expose them).
 * Optional inputs are already defaulted here, so events and read models hold one shape.
 */

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

export interface SortColumn {
  readonly column?: string;
  /** 1 ascending, 0 descending. */
  readonly order?: 0 | 1;
}

export interface SerDeInfo {
  readonly name?: string;
  readonly serializationLibrary?: string;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface SkewedInfo {
  readonly columnNames: readonly string[];
  readonly columnValueLocationMaps: Readonly<Record<string, string>>;
  readonly columnValues: readonly (readonly string[])[];
}

export interface StorageDescriptor {
  readonly columns: readonly Column[];
  readonly location?: string;
  readonly compressed: boolean;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly numberOfBuckets: number;
  readonly bucketColumns: readonly string[];
  readonly sortColumns: readonly SortColumn[];
  readonly serde: SerDeInfo;
  readonly parameters: Readonly<Record<string, string>>;
  readonly skewedInfo: SkewedInfo;
  readonly storedAsSubDirectories: boolean;
}

/** A table created without a storage descriptor: no columns, nothing set. */
export const EMPTY_STORAGE_DESCRIPTOR: StorageDescriptor = {
  columns: [],
  compressed: false,
  numberOfBuckets: 0,
  bucketColumns: [],
  sortColumns: [],
  serde: { parameters: {} },
  parameters: {},
  skewedInfo: { columnNames: [], columnValueLocationMaps: {}, columnValues: [] },
  storedAsSubDirectories: false,
};

/** One partition as a client describes it. */
export interface PartitionSpec {
  readonly values: readonly string[];
  readonly createTime: string;
  readonly lastAccessTime: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly storage: StorageDescriptor;
}

/** A partition as recorded: the spec (times normalised) plus its generated id. */
export interface Partition extends PartitionSpec {
  readonly partitionId: string;
}

export const TABLE_TYPES = ['MANAGED_TABLE', 'EXTERNAL_TABLE', 'VIRTUAL_VIEW', 'MATERIALIZED_VIEW'] as const;
export type TableType = (typeof TABLE_TYPES)[number];

/** Identity of a partition inside its table: its values in order. */
export function partitionKey(values: readonly string[]): string {
  return JSON.stringify(values);
}
