import { invalidParameter } from './catalog.errors';
import { checkColumnType } from './column-type.value-object';
import { checkParameters, checkText, ColumnName } from './names.value-object';
import { Column, Partition, StorageDescriptor } from './partition.model';
import { normaliseTimestamp } from './timestamp.value-object';

export function checkColumn(column: Column, field: string): Column {
  ColumnName.check(column.name, `${field}.column_name`);
  checkColumnType(column.type, `${field}.column_type`);
  checkText(column.comment, `${field}.comment`);
  return column;
}

/** Every field rule of the reference's StorageDescriptor, Column, Order, SerDeInfo and SkewedInfo. */
export function checkStorageDescriptor(sd: StorageDescriptor, field: string): StorageDescriptor {
  sd.columns.forEach((c, i) => checkColumn(c, `${field}.columns[${i}]`));
  checkText(sd.location, `${field}.location`);
  checkText(sd.inputFormat, `${field}.input_format`);
  checkText(sd.outputFormat, `${field}.output_format`);
  // Hive writes -1 for "not bucketed" (choice: accepted like 0).
  if (!Number.isSafeInteger(sd.numberOfBuckets) || sd.numberOfBuckets < -1) {
    throw invalidParameter(
      `${field}.number_of_buckets`,
      'must be a whole number of at least 0 (or -1: not bucketed)',
    );
  }
  sd.bucketColumns.forEach((c, i) => ColumnName.check(c, `${field}.bucket_columns[${i}]`));
  sd.sortColumns.forEach((s, i) => {
    if (s.column !== undefined) ColumnName.check(s.column, `${field}.sort_columns[${i}].column`);
    if (s.order !== undefined && s.order !== 0 && s.order !== 1) {
      throw invalidParameter(
        `${field}.sort_columns[${i}].sort_order`,
        'must be 1 (ascending) or 0 (descending)',
      );
    }
  });
  checkText(sd.serde.name, `${field}.serde_info.name`);
  checkText(sd.serde.serializationLibrary, `${field}.serde_info.serialization_library`);
  checkParameters(sd.serde.parameters, `${field}.serde_info.parameters`);
  checkParameters(sd.parameters, `${field}.parameters`);
  sd.skewedInfo.columnNames.forEach((c, i) =>
    ColumnName.check(c, `${field}.skewed_info.skewed_column_names[${i}]`),
  );
  checkParameters(
    sd.skewedInfo.columnValueLocationMaps,
    `${field}.skewed_info.skewed_column_value_location_maps`,
  );
  return sd;
}

/** Largest partition the API accepts (a choice that bounds a request; the store has no say in it). */
export const MAX_PARTITION_JSON_LENGTH = 256 * 1024;

/** Validates a partition and returns it with its times normalised (a literal: no spread copy). */
export function checkPartition(p: Partition, field: string, normalise = normaliseTimestamp): Partition {
  return {
    values: p.values,
    createTime: normalise(p.createTime, `${field}.create_time`),
    lastAccessTime: normalise(p.lastAccessTime, `${field}.last_access_time`),
    parameters: checkParameters(p.parameters, `${field}.parameters`),
    storage: checkStorageDescriptor(p.storage, `${field}.storage_descriptor`),
    partitionId: p.partitionId,
  };
}
