import { Partition, PartitionSpec, TableInfo } from '../domain';
import { arrayOf, object, Reader, required, string, stringMap } from './json-body.reader';
import { readStorageDescriptor, StorageDescriptorDto, storageDescriptorDto } from './storage-descriptor.dto';

/** LakeFormation's Partition object. */
export interface PartitionDto {
  catalog_name: string;
  catalog_id: string;
  database_name: string;
  database_id: string;
  table_name: string;
  table_id: string;
  partition_id: string;
  partition_values: readonly string[];
  create_time: string;
  last_access_time: string;
  parameters: Readonly<Record<string, string>>;
  storage_descriptor: StorageDescriptorDto;
}

export const readPartitionInput: Reader<PartitionSpec> = (value, path) => {
  const p = object(value, path);
  return {
    values: required(p, 'partition_values', path, arrayOf(string)),
    createTime: required(p, 'create_time', path, string),
    lastAccessTime: required(p, 'last_access_time', path, string),
    parameters: required(p, 'parameters', path, stringMap),
    storage: required(p, 'storage_descriptor', path, readStorageDescriptor),
  };
};

/** LakeFormation renders instants as `2023-05-30T09:06:41.372+00:00`. */
export function lakeFormationTime(iso: string): string {
  return iso.replace(/Z$/, '+00:00');
}

export function tableIdentityDto(table: TableInfo) {
  return {
    catalog_name: table.catalogName,
    catalog_id: table.catalogId,
    database_name: table.databaseName,
    database_id: table.databaseId,
    table_name: table.tableName,
    table_id: table.tableId,
  };
}

/**
 * A partition's identity fields. Written out, not spread: V8 builds `{ ...identity, more }` about
 * a hundred times slower than a literal, and responses carry thousands of partitions.
 */
export function partitionRefDto(table: TableInfo, p: Pick<Partition, 'partitionId' | 'values'>) {
  return {
    catalog_name: table.catalogName,
    catalog_id: table.catalogId,
    database_name: table.databaseName,
    database_id: table.databaseId,
    table_name: table.tableName,
    table_id: table.tableId,
    partition_id: p.partitionId,
    partition_values: p.values,
  };
}

/** Partitions of one table as LakeFormation returns them. */
export function partitionDtos(table: TableInfo, partitions: readonly Partition[]): PartitionDto[] {
  return partitions.map((p) => ({
    catalog_name: table.catalogName,
    catalog_id: table.catalogId,
    database_name: table.databaseName,
    database_id: table.databaseId,
    table_name: table.tableName,
    table_id: table.tableId,
    partition_id: p.partitionId,
    partition_values: p.values,
    create_time: p.createTime,
    last_access_time: p.lastAccessTime,
    parameters: p.parameters,
    storage_descriptor: storageDescriptorDto(p.storage),
  }));
}
