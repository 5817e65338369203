import { Column, SortColumn, StorageDescriptor } from '../domain';
import {
  arrayOf,
  boolean,
  integer,
  JsonObject,
  object,
  optional,
  Reader,
  required,
  string,
  stringMap,
} from './json-body.reader';

/** LakeFormation's Column, Order, SerDeInfo, SkewedInfo and StorageDescriptor as they travel. */
export interface ColumnDto {
  column_name: string;
  column_type: string;
  comment?: string;
}

export interface StorageDescriptorDto {
  readonly columns: readonly ColumnDto[];
  readonly location?: string;
  readonly compressed: boolean;
  readonly input_format?: string;
  readonly output_format?: string;
  readonly number_of_buckets: number;
  readonly bucket_columns: readonly string[];
  readonly sort_columns: readonly { column?: string; sort_order?: number }[];
  readonly serde_info: {
    name?: string;
    serialization_library?: string;
    parameters: Readonly<Record<string, string>>;
  };
  readonly parameters: Readonly<Record<string, string>>;
  readonly skewed_info: {
    skewed_column_names: readonly string[];
    skewed_column_value_location_maps: Readonly<Record<string, string>>;
    skewed_column_values: readonly (readonly string[])[];
  };
  readonly stored_as_sub_directories: boolean;
}

export const readColumn: Reader<Column> = (value, path) => {
  const c = object(value, path);
  return {
    name: required(c, 'column_name', path, string),
    type: required(c, 'column_type', path, string),
    comment: optional(c, 'comment', path, string),
  };
};

const readSortColumn: Reader<SortColumn> = (value, path) => {
  const s = object(value, path);
  return {
    column: optional(s, 'column', path, string),
    order: optional(s, 'sort_order', path, integer) as SortColumn['order'],
  };
};

/** Mandatory fields as the reference marks them; optional ones take the defaults LakeFormation shows. */
export const readStorageDescriptor: Reader<StorageDescriptor> = (value, path) => {
  const sd: JsonObject = object(value, path);
  const serde = required(sd, 'serde_info', path, object);
  const serdePath = `${path}.serde_info`;
  const skewed = optional(sd, 'skewed_info', path, object);
  const skewedPath = `${path}.skewed_info`;
  return {
    columns: required(sd, 'columns', path, arrayOf(readColumn)),
    location: optional(sd, 'location', path, string),
    compressed: required(sd, 'compressed', path, boolean),
    inputFormat: optional(sd, 'input_format', path, string),
    outputFormat: optional(sd, 'output_format', path, string),
    numberOfBuckets: optional(sd, 'number_of_buckets', path, integer) ?? 0,
    bucketColumns: optional(sd, 'bucket_columns', path, arrayOf(string)) ?? [],
    sortColumns: optional(sd, 'sort_columns', path, arrayOf(readSortColumn)) ?? [],
    serde: {
      name: optional(serde, 'name', serdePath, string),
      serializationLibrary: optional(serde, 'serialization_library', serdePath, string),
      parameters: optional(serde, 'parameters', serdePath, stringMap) ?? {},
    },
    parameters: required(sd, 'parameters', path, stringMap),
    skewedInfo: skewed
      ? {
          columnNames: required(skewed, 'skewed_column_names', skewedPath, arrayOf(string)),
          columnValueLocationMaps: required(
            skewed,
            'skewed_column_value_location_maps',
            skewedPath,
            stringMap,
          ),
          columnValues: required(skewed, 'skewed_column_values', skewedPath, arrayOf(arrayOf(string))),
        }
      : { columnNames: [], columnValueLocationMaps: {}, columnValues: [] },
    storedAsSubDirectories: optional(sd, 'stored_as_sub_directories', path, boolean) ?? false,
  };
};

export function columnDto(c: Column): ColumnDto {
  return { column_type: c.type, column_name: c.name, comment: c.comment };
}

export function storageDescriptorDto(sd: StorageDescriptor): StorageDescriptorDto {
  return {
    columns: sd.columns.map(columnDto),
    location: sd.location,
    compressed: sd.compressed,
    input_format: sd.inputFormat,
    output_format: sd.outputFormat,
    number_of_buckets: sd.numberOfBuckets,
    bucket_columns: sd.bucketColumns,
    sort_columns: sd.sortColumns.map((s) => ({ column: s.column, sort_order: s.order })),
    serde_info: {
      name: sd.serde.name,
      serialization_library: sd.serde.serializationLibrary,
      parameters: sd.serde.parameters,
    },
    parameters: sd.parameters,
    skewed_info: {
      skewed_column_names: sd.skewedInfo.columnNames,
      skewed_column_value_location_maps: sd.skewedInfo.columnValueLocationMaps,
      skewed_column_values: sd.skewedInfo.columnValues,
    },
    stored_as_sub_directories: sd.storedAsSubDirectories,
  };
}
