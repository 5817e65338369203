import { TableDefinition } from '../application';
import { EMPTY_STORAGE_DESCRIPTOR, TableInfo, TableType } from '../domain';
import { arrayOf, object, optional, required, string } from './json-body.reader';
import { lakeFormationTime, tableIdentityDto } from './partition.dto';
import { columnDto, readColumn, readStorageDescriptor, storageDescriptorDto } from './storage-descriptor.dto';

/**
 * Body of POST .../databases/{db}/tables: `{ table_name, table_type, partition_keys, storage_descriptor, description }`.
 * table_type defaults to EXTERNAL_TABLE and storage_descriptor to an empty one (choice).
 */
export function readCreateTable(body: unknown): { tableName: string; definition: TableDefinition } {
  const b = object(body, '');
  return {
    tableName: required(b, 'table_name', '', string),
    definition: {
      tableType: (optional(b, 'table_type', '', string) ?? 'EXTERNAL_TABLE') as TableType,
      partitionKeys: optional(b, 'partition_keys', '', arrayOf(readColumn)) ?? [],
      storage: optional(b, 'storage_descriptor', '', readStorageDescriptor) ?? EMPTY_STORAGE_DESCRIPTOR,
      description: optional(b, 'description', '', string),
    },
  };
}

export function tableDto(t: TableInfo) {
  return {
    ...tableIdentityDto(t),
    table_type: t.tableType,
    partition_keys: t.partitionKeys.map(columnDto),
    storage_descriptor: storageDescriptorDto(t.storage),
    description: t.description,
    create_time: lakeFormationTime(t.createdAt),
  };
}
